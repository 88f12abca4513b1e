using KioskRuntime.Scanners.Evdev;

namespace KioskRuntime.Bench.Scanners;

/// <summary>Kernel-exact input for the bench: the HID POS descriptor of the tests, Honeywell-layout reports, key events.</summary>
internal static class Fixtures
{
    /// <summary>HID POS Bar Code Scanner, report 2 = length, AIM id, 56 data bytes, vendor id, continued bit; report 4 = beeps.</summary>
    public const string DescriptorHex =
        "058C0902A1010912A1028502150026FF00750895010501093B8102058C09FB09FC09FD9503810209FE95388202010666FF090109" +
        "0295028102058C09FF250175019501810295078103C00914A10285041500250175019504095F096009850986910295049103C0C0";

    public static byte[] Report(string data, bool continued, string aim = "]E0")
    {
        var r = new byte[64];
        r[0] = 0x02;
        r[1] = (byte)data.Length;
        System.Text.Encoding.ASCII.GetBytes(aim).CopyTo(r, 2);
        System.Text.Encoding.ASCII.GetBytes(data).CopyTo(r, 5);
        r[63] = (byte)(continued ? 1 : 0);
        return r;
    }

    /// <summary>Digits on the main row then Enter, each key as a USB keyboard reports it (MSC_SCAN, KEY, SYN; press and release).</summary>
    public static IEnumerable<InputEvent> KeyEvents(string digits)
    {
        foreach (char c in digits + "\n")
        {
            ushort code = c == '\n' ? (ushort)28 : c == '0' ? (ushort)11 : (ushort)(c - '1' + 2);
            foreach (int value in new[] { 1, 0 })
            {
                yield return new InputEvent(InputEvent.EV_MSC, 4, 0x70000 + code);
                yield return new InputEvent(InputEvent.EV_KEY, code, value);
                yield return new InputEvent(InputEvent.EV_SYN, 0, 0);
            }
        }
    }

    public static byte[] EventBytes(IEnumerable<InputEvent> events, int size) =>
        [.. events.SelectMany(e => InputEventFramer.Encode(size, e))];
}
