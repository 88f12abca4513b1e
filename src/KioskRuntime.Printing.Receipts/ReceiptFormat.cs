using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.EscPos.Imaging;

namespace KioskRuntime.Printing.Receipts;

/// <summary>How the return code is printed.</summary>
public enum ReturnCodeStyle
{
    Qr,
    Code128,
}

/// <summary>Layout parameters any country's receipt layout reads (columns, return code, logo, time zone, cut). Immutable.</summary>
public sealed record ReceiptFormat
{
    /// <summary>Characters per line in font A: 58 mm = 32; 80 mm = 42 (180 dpi) or 48 (203 dpi).</summary>
    public int Columns { get; init; } = 42;

    public ReturnCodeStyle ReturnCode { get; init; } = ReturnCodeStyle.Qr;

    /// <summary>Optional logo printed at the top, scaled to the paper width by the encoder.</summary>
    public GrayImage? Logo { get; init; }

    /// <summary>Time zone the receipt time is printed in; null = the layout's country (Europe/Oslo for Norway).</summary>
    public TimeZoneInfo? TimeZone { get; init; }

    /// <summary>Cut at the end (a copy is cut the same way).</summary>
    public bool Cut { get; init; } = true;

    /// <summary>A format for a printer profile: its column count, QR if it prints QR, CODE128 otherwise.</summary>
    public static ReceiptFormat For(PrinterCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        return new ReceiptFormat
        {
            Columns = capabilities.Columns,
            ReturnCode = capabilities.SupportsQr ? ReturnCodeStyle.Qr : ReturnCodeStyle.Code128,
        };
    }

    /// <summary>Columns for a paper width: 58 mm → 32, 80 mm → 48 at 203 dpi or 42 at 180 dpi.</summary>
    public static int ColumnsFor(int paperMillimetres, int dpi = 203) => paperMillimetres switch
    {
        58 => 32,
        80 => dpi >= 203 ? 48 : 42,
        _ => throw new ArgumentOutOfRangeException(nameof(paperMillimetres), paperMillimetres, "Paper must be 58 or 80 mm."),
    };
}
