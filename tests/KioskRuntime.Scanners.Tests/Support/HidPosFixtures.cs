namespace KioskRuntime.Scanners.Tests.Support;

/// <summary>Kernel-exact bytes for a HID POS scanner: its report descriptor and 64-byte scanned-data reports.</summary>
internal static class HidPosFixtures
{
    /// <summary>
    /// A HID POS Bar Code Scanner descriptor written from the HID POS Usage Tables 1.02 (page 0x8C), in the layout Honeywell and
    /// Access-IS scanners use: input report 2 = length, AIM id (3), data (56), vendor code id (2), continued bit, padding;
    /// output report 4 = prevent read, initiate read, error beep, good-read beep.
    /// </summary>
    public static readonly byte[] ScannerDescriptor =
    [
        0x05, 0x8C,             // Usage Page (Bar Code Scanner)
        0x09, 0x02,             // Usage (Bar Code Scanner)
        0xA1, 0x01,             // Collection (Application)
        0x09, 0x12,             //   Usage (Scanned Data Report)
        0xA1, 0x02,             //   Collection (Logical)
        0x85, 0x02,             //     Report ID (2)
        0x15, 0x00,             //     Logical Minimum (0)
        0x26, 0xFF, 0x00,       //     Logical Maximum (255)
        0x75, 0x08,             //     Report Size (8)
        0x95, 0x01,             //     Report Count (1)
        0x05, 0x01,             //     Usage Page (Generic Desktop)
        0x09, 0x3B,             //     Usage (Byte Count)
        0x81, 0x02,             //     Input (Data, Var, Abs)
        0x05, 0x8C,             //     Usage Page (Bar Code Scanner)
        0x09, 0xFB,             //     Usage (Symbology Identifier 1)
        0x09, 0xFC,             //     Usage (Symbology Identifier 2)
        0x09, 0xFD,             //     Usage (Symbology Identifier 3)
        0x95, 0x03,             //     Report Count (3)
        0x81, 0x02,             //     Input (Data, Var, Abs)
        0x09, 0xFE,             //     Usage (Decoded Data)
        0x95, 0x38,             //     Report Count (56)
        0x82, 0x02, 0x01,       //     Input (Data, Var, Abs, Buffered Bytes)
        0x06, 0x66, 0xFF,       //     Usage Page (Vendor 0xFF66)
        0x09, 0x01,             //     Usage (vendor code id 1)
        0x09, 0x02,             //     Usage (vendor code id 2)
        0x95, 0x02,             //     Report Count (2)
        0x81, 0x02,             //     Input (Data, Var, Abs)
        0x05, 0x8C,             //     Usage Page (Bar Code Scanner)
        0x09, 0xFF,             //     Usage (Decode Data Continued)
        0x25, 0x01,             //     Logical Maximum (1)
        0x75, 0x01,             //     Report Size (1)
        0x95, 0x01,             //     Report Count (1)
        0x81, 0x02,             //     Input (Data, Var, Abs)
        0x95, 0x07,             //     Report Count (7)
        0x81, 0x03,             //     Input (Const)
        0xC0,                   //   End Collection
        0x09, 0x14,             //   Usage (Trigger Report)
        0xA1, 0x02,             //   Collection (Logical)
        0x85, 0x04,             //     Report ID (4)
        0x15, 0x00,             //     Logical Minimum (0)
        0x25, 0x01,             //     Logical Maximum (1)
        0x75, 0x01,             //     Report Size (1)
        0x95, 0x04,             //     Report Count (4)
        0x09, 0x5F,             //     Usage (Prevent Read of Barcodes)
        0x09, 0x60,             //     Usage (Initiate Barcode Read)
        0x09, 0x85,             //     Usage (Error beep)
        0x09, 0x86,             //     Usage (Good read beep)
        0x91, 0x02,             //     Output (Data, Var, Abs)
        0x95, 0x04,             //     Report Count (4)
        0x91, 0x03,             //     Output (Const)
        0xC0,                   //   End Collection
        0xC0,                   // End Collection
    ];

    /// <summary>A boot keyboard's descriptor (the keyboard interface of the same scanner).</summary>
    public static readonly byte[] KeyboardDescriptor =
    [
        0x05, 0x01, 0x09, 0x06, 0xA1, 0x01, 0x05, 0x07, 0x19, 0xE0, 0x29, 0xE7, 0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x08,
        0x81, 0x02, 0x95, 0x01, 0x75, 0x08, 0x81, 0x01, 0x95, 0x06, 0x75, 0x08, 0x15, 0x00, 0x25, 0x65, 0x05, 0x07, 0x19, 0x00,
        0x29, 0x65, 0x81, 0x00, 0xC0,
    ];

    public static string ScannerDescriptorHex => Convert.ToHexString(ScannerDescriptor);

    /// <summary>The reports a Honeywell-layout scanner sends for <paramref name="data"/>: 56 bytes each, continued bit on all but the last.</summary>
    public static List<byte[]> Reports(byte[] data, string aim = "]E0")
    {
        var reports = new List<byte[]>();
        int offset = 0;
        do
        {
            int n = Math.Min(56, data.Length - offset);
            var r = new byte[64];
            r[0] = 0x02;
            r[1] = (byte)n;
            System.Text.Encoding.ASCII.GetBytes(aim).CopyTo(r, 2);
            data.AsSpan(offset, n).CopyTo(r.AsSpan(5));
            r[61] = 0x00;
            r[62] = 0x00;
            offset += n;
            r[63] = (byte)(offset < data.Length ? 0x01 : 0x00);
            reports.Add(r);
        }
        while (offset < data.Length);

        return reports;
    }

    public static byte[] Ascii(string s) => System.Text.Encoding.Latin1.GetBytes(s);
}
