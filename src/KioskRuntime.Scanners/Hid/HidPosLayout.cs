namespace KioskRuntime.Scanners.Hid;

/// <summary>
/// Where a HID POS scanner puts things in its reports (HID POS Usage Tables 1.02, page 0x8C), derived from the report descriptor.
/// Offsets are byte offsets into the report as hidraw delivers it (byte 0 is the report id when the device numbers its reports).
/// Immutable.
/// </summary>
public sealed record HidPosLayout(
    byte InputReportId,
    int InputReportLength,
    int LengthOffset,
    int SymbologyOffset,
    int SymbologyLength,
    int DataOffset,
    int DataCapacity,
    int ContinuedByte,
    int ContinuedBit,
    HidPosOutputLayout? Output)
{
    public const ushort PosPage = 0x8C;
    public const ushort BarCodeScanner = 0x02;
    public const ushort ScannedDataReport = 0x12;
    public const ushort SymbologyId1 = 0xFB;
    public const ushort DecodedData = 0xFE;
    public const ushort DecodeDataContinued = 0xFF;
    public const ushort GoodReadBeep = 0x86;
    public const ushort ErrorBeep = 0x85;

    /// <summary>Generic Desktop "Byte Count" (0x01:0x3B), the usage scanners give the length byte.</summary>
    public static readonly HidUsage ByteCount = new(0x01, 0x3B);

    /// <summary>
    /// The 64-byte layout of Honeywell and Access-IS scanners (field notes §2): report id 2, length at 1, AIM id at 2–4, data at 5–60,
    /// byte 63 bit 0 = continued. For use when no descriptor can be read; no output report is assumed.
    /// </summary>
    public static HidPosLayout Honeywell64 { get; } = new(2, 64, 1, 2, 3, 5, 56, 63, 0, null);

    /// <summary>True when <paramref name="descriptor"/> declares a HID POS bar code scanner application collection.</summary>
    public static bool IsHidPosScanner(HidReportDescriptor descriptor) =>
        descriptor.Collections.Any(c => c.Type == 1 && c.Usage == new HidUsage(PosPage, BarCodeScanner));

    /// <summary>Finds the scanned-data input report and the beep output report. Returns false with the reason when there is none.</summary>
    public static bool TryFrom(HidReportDescriptor descriptor, out HidPosLayout? layout, out string? reason)
    {
        layout = null;
        var app = new HidUsage(PosPage, BarCodeScanner);
        if (!IsHidPosScanner(descriptor))
        {
            reason = "no HID POS Bar Code Scanner application collection (usage page 0x8C, usage 0x02)";
            return false;
        }

        var decoded = new HidUsage(PosPage, DecodedData);
        HidField? data = descriptor.Fields.FirstOrDefault(f =>
            f.Kind == HidReportKind.Input && f.Application == app && f.Size == 8 && f.IndexOf(decoded) >= 0);
        if (data is null)
        {
            reason = "the scanner collection has no 8-bit Decoded Data (0x8C:0xFE) input field";
            return false;
        }

        int idBytes = descriptor.UsesReportIds ? 1 : 0;
        byte id = data.ReportId;
        var inReport = descriptor.Fields.Where(f => f.Kind == HidReportKind.Input && f.ReportId == id).ToList();

        int lengthOffset = -1;
        int symOffset = -1;
        int symLength = 0;
        int contByte = -1;
        int contBit = 0;
        foreach (HidField f in inReport)
        {
            for (int i = 0; i < f.Count; i++)
            {
                HidUsage? u = f.IsVariable || f.Count == 1 ? f.UsageAt(i) : (i == 0 ? f.UsageAt(0) : null);
                int bit = f.BitOffset + (i * f.Size);
                if (u == ByteCount && f.Size == 8 && lengthOffset < 0)
                {
                    lengthOffset = idBytes + (bit / 8);
                }
                else if (u is { Page: PosPage, Id: >= SymbologyId1 and <= SymbologyId1 + 2 } && f.Size == 8)
                {
                    symOffset = symOffset < 0 ? idBytes + (bit / 8) : symOffset;
                    symLength++;
                }
                else if (u == new HidUsage(PosPage, DecodeDataContinued) && contByte < 0)
                {
                    contByte = idBytes + (bit / 8);
                    contBit = bit % 8;
                }
            }
        }

        int dataOffset = idBytes + (data.BitOffset / 8);
        if (lengthOffset < 0)
        {
            // Without a Byte Count usage, the length is the 8-bit field just before the symbology id or the data (Honeywell's order).
            int before = (symOffset >= 0 ? symOffset : dataOffset) - 1;
            if (before < idBytes)
            {
                reason = $"report {id} has no length byte (Byte Count 0x01:0x3B) before the data";
                return false;
            }

            lengthOffset = before;
        }

        if (contByte < 0)
        {
            reason = $"report {id} has no Decode Data Continued (0x8C:0xFF) bit";
            return false;
        }

        layout = new HidPosLayout(
            id,
            descriptor.ReportLength(HidReportKind.Input, id),
            lengthOffset,
            symOffset,
            symLength,
            dataOffset,
            data.Count,
            contByte,
            contBit,
            HidPosOutputLayout.TryFrom(descriptor, app));
        reason = null;
        return true;
    }
}

/// <summary>The output report that makes the scanner beep: its id, length and the bit positions of the beep usages.</summary>
public sealed record HidPosOutputLayout(byte ReportId, int ReportLength, int GoodReadBit, int ErrorBit)
{
    internal static HidPosOutputLayout? TryFrom(HidReportDescriptor descriptor, HidUsage app)
    {
        var good = new HidUsage(HidPosLayout.PosPage, HidPosLayout.GoodReadBeep);
        var error = new HidUsage(HidPosLayout.PosPage, HidPosLayout.ErrorBeep);
        int idBytes = descriptor.UsesReportIds ? 1 : 0;
        foreach (HidField f in descriptor.Fields.Where(f => f.Kind == HidReportKind.Output && f.Application == app && f.Size == 1))
        {
            int goodIndex = f.IndexOf(good);
            if (goodIndex < 0)
            {
                continue;
            }

            int errorIndex = f.IndexOf(error);
            int length = descriptor.ReportLength(HidReportKind.Output, f.ReportId);
            return new HidPosOutputLayout(
                f.ReportId,
                length,
                (idBytes * 8) + f.BitOffset + goodIndex,
                errorIndex < 0 ? -1 : (idBytes * 8) + f.BitOffset + errorIndex);
        }

        return null;
    }

    /// <summary>The bytes to write to hidraw for <paramref name="errorBeep"/> or good-read, or null if that beep is not declared.</summary>
    public byte[]? BuildReport(bool errorBeep)
    {
        int bit = errorBeep ? ErrorBit : GoodReadBit;
        if (bit < 0)
        {
            return null;
        }

        // hidraw write(): byte 0 is the report id, or 0 followed by the report when the device does not number its reports.
        int shift = ReportId == 0 ? 8 : 0;
        var report = new byte[ReportLength + (shift / 8)];
        report[0] = ReportId;
        bit += shift;
        report[bit / 8] |= (byte)(1 << (bit % 8));
        return report;
    }
}
