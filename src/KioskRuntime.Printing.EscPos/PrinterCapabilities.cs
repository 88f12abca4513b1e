using System.Collections.Frozen;
using System.Collections.Immutable;

namespace KioskRuntime.Printing.EscPos;

/// <summary>Which command set a printer speaks.</summary>
public enum PrinterDialect
{
    /// <summary>Epson ESC/POS and its clones.</summary>
    EscPos,

    /// <summary>
    /// Star Line Mode: ESC @, ESC GS t n code tables, ESC E/F bold, ESC - underline, ESC GS a alignment, ESC i size, ESC a feed, ESC d cut,
    /// ESC b bar codes, ESC GS y QR codes, ESC X bit images.
    /// </summary>
    StarLine,
}

/// <summary>How a printer reports status.</summary>
public enum StatusSupport
{
    /// <summary>No status at all: condition stays Unknown.</summary>
    None,

    /// <summary>DLE EOT 1–4 real-time replies.</summary>
    DleEot,

    /// <summary>DLE EOT and Automatic Status Back (GS a).</summary>
    DleEotAndAsb,

    /// <summary>Star line mode: automatic status frames (asked for with ESC ACK SOH), ETB counter as the job fence.</summary>
    StarAsb,
}

/// <summary>What one printer model can do. Immutable; look profiles up by name with <see cref="Get"/>.</summary>
public sealed partial record PrinterCapabilities
{
    /// <summary>Profile name, e.g. <c>epson-tm-t88vi</c>.</summary>
    public required string Name { get; init; }

    public PrinterDialect Dialect { get; init; } = PrinterDialect.EscPos;

    /// <summary>Printable width in dots (203 dpi heads: 384 for 58 mm, 576 for 80 mm; 180 dpi TM-T88: 512).</summary>
    public required int PaperWidthDots { get; init; }

    /// <summary>Characters per line in font A at normal size.</summary>
    public required int Columns { get; init; }

    /// <summary>The code tables the printer has, each with the number its select command takes (ESC t n, or ESC GS t n for Star).</summary>
    public required ImmutableArray<(CodeTable Table, byte Number)> CodeTables { get; init; }

    /// <summary>The printer boots in Chinese double-byte mode and needs FS . before any byte ≥ 0x80.</summary>
    public bool NeedsCancelChineseMode { get; init; }

    public bool SupportsCut { get; init; } = true;

    public bool SupportsQr { get; init; } = true;

    public bool SupportsBarcodes { get; init; } = true;

    public bool SupportsRaster { get; init; } = true;

    public bool SupportsDisableFeedButton { get; init; } = true;

    public StatusSupport Status { get; init; } = StatusSupport.DleEotAndAsb;

    /// <summary>Rows per GS v 0 command: taller images are sent in chunks so cheap printers do not overflow.</summary>
    public int RasterChunkRows { get; init; } = 256;

    /// <summary>Preferred order of code tables for Norwegian text: 858 (has €), 865, 850, 1252.</summary>
    internal static ImmutableArray<CodeTable> Preference { get; } = [CodeTable.Pc858, CodeTable.Pc865, CodeTable.Pc850, CodeTable.Wpc1252];

    /// <summary>The number this printer selects <paramref name="table"/> with, if it has it.</summary>
    public bool TryGetTableNumber(CodeTable table, out byte number)
    {
        foreach (var (t, n) in CodeTables)
        {
            if (ReferenceEquals(t, table))
            {
                number = n;
                return true;
            }
        }

        number = 0;
        return false;
    }

    /// <summary>The code tables this profile has, in the order text encoding tries them.</summary>
    public IEnumerable<CodeTable> PreferredTables => Preference.Where(t => TryGetTableNumber(t, out _));

    /// <summary>Looks a profile up by name (case-insensitive).</summary>
    /// <exception cref="UnknownPrinterProfileException">No such profile; the message lists the known ones.</exception>
    public static PrinterCapabilities Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryGet(name, out var profile) ? profile : throw new UnknownPrinterProfileException(name, KnownNames);
    }

    public static bool TryGet(string name, out PrinterCapabilities profile)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Profiles.TryGetValue(name.Trim(), out profile!);
    }

    /// <summary>Names of all built-in profiles, sorted.</summary>
    public static IReadOnlyList<string> KnownNames => [.. Profiles.Keys.Order(StringComparer.Ordinal)];

    private static FrozenDictionary<string, PrinterCapabilities> Profiles => ProfileTable.Value;
}

/// <summary>A printer profile name that is not built in.</summary>
public sealed class UnknownPrinterProfileException(string name, IReadOnlyList<string> known)
    : Exception($"Unknown printer profile '{name}'. Known profiles: {string.Join(", ", known)}.")
{
    public string ProfileName { get; } = name;
}
