using System.Globalization;
using System.Text;
using KioskRuntime.Devices;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Printing.Drivers;
using KioskRuntime.Printing.EscPos;

namespace KioskRuntime.Daemon;

/// <summary>
/// The test page of <c>kioskctl printer test</c> and the flash self-test: a header, then one line per code table the profile's printer
/// model claims, each selected with its own ESC t (Star: ESC GS t) and printing the Nordic letters and signs through that table, so a
/// technician sees at once which tables the printer really has ('?' marks a character the table cannot hold). Pure.
/// </summary>
internal static class PrinterTestPage
{
    private const string Sample = "æøå ÆØÅ äöü ÄÖÜ € £ §";

    public static (byte[] Bytes, IReadOnlyList<string> Tables) Compose(HardwareProfile profile, string? profileHash, DateTimeOffset at)
    {
        var printer = profile.Devices.FirstOrDefault(d => d.Kind == DeviceKind.Printer);
        var caps = printer is null ? PrinterCapabilities.Get("default") : PrinterLayoutOptions.Of(printer).Model;
        var star = caps.Dialect == PrinterDialect.StarLine;
        var bytes = new List<byte> { 0x1B, 0x40 };
        void Ascii(string text) => bytes.AddRange(Encoding.ASCII.GetBytes(text));
        Ascii($"KioskRuntime selvtest\nkiosk {profile.KioskId}\nprinter {caps.Name}\n");
        if (profileHash is { Length: >= 16 })
        {
            Ascii($"profil {profileHash[..16]}\n");
        }

        Ascii($"{at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC\n\n");
        var tables = new List<string>();
        foreach (var (table, number) in caps.CodeTables)
        {
            bytes.AddRange(star ? [0x1B, 0x1D, (byte)'t', number] : [0x1B, (byte)'t', number]);
            Ascii($"{table.Name,-8} {number,3}: ");
            foreach (var c in Sample)
            {
                bytes.Add(c < 0x80 ? (byte)c : table.TryEncode(c, out var b) ? b : (byte)'?');
            }

            bytes.Add((byte)'\n');
            tables.Add(table.Name);
        }

        Ascii("\n\n\n");
        bytes.AddRange(star ? [0x1B, 0x64, 0x03] : [0x1D, 0x56, 0x42, 0x00]);
        return ([.. bytes], tables);
    }
}
