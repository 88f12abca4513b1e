using System.Collections.Immutable;
using KioskRuntime.Printing.EscPos.Imaging;

namespace KioskRuntime.Printing.EscPos;

public enum TextAlign
{
    Left,
    Center,
    Right,
}

/// <summary>Character style of a line. Width and height are character multipliers 1..8 (GS ! n).</summary>
public readonly record struct TextStyle(bool Bold = false, bool Underline = false, int Width = 1, int Height = 1)
{
    public static TextStyle Normal => default(TextStyle) with { Width = 1, Height = 1 };

    public static TextStyle Strong => Normal with { Bold = true };

    public static TextStyle Double => new(Bold: true, Width: 2, Height: 2);
}

/// <summary>One element of a device-independent receipt layout.</summary>
public abstract record ReceiptElement;

/// <summary>A line of text; longer text is wrapped by the encoder at the column count divided by the width multiplier.</summary>
public sealed record TextLine(string Text, TextAlign Align = TextAlign.Left, TextStyle Style = default) : ReceiptElement;

/// <summary>A two-column line: <paramref name="Left"/> flush left, <paramref name="Right"/> flush right on the same line.</summary>
public sealed record ColumnsLine(string Left, string Right, TextStyle Style = default) : ReceiptElement;

/// <summary>A horizontal rule across the paper made of <paramref name="Character"/>.</summary>
public sealed record RuleLine(char Character = '-') : ReceiptElement;

public enum BarcodeSymbology
{
    Ean13,
    Code128,
    /// <summary>GS1-128: CODE128 with FNC1 first; data is a GS1 element string with GS (0x1D) after variable-length fields.</summary>
    Gs1_128,
}

/// <summary>A 1D barcode with the human-readable text below it.</summary>
public sealed record BarcodeElement(BarcodeSymbology Symbology, string Data, int HeightDots = 80, int ModuleWidth = 2) : ReceiptElement;

public enum QrErrorLevel
{
    L,
    M,
    Q,
    H,
}

/// <summary>A QR code (model 2) printed by the printer itself.</summary>
public sealed record QrElement(string Data, int ModuleSize = 6, QrErrorLevel ErrorLevel = QrErrorLevel.M) : ReceiptElement;

/// <summary>A raster image (a logo). Scaled down to the paper width and dithered by the encoder.</summary>
public sealed record ImageElement(GrayImage Image, DitherMode Dither = DitherMode.FloydSteinberg, TextAlign Align = TextAlign.Center) : ReceiptElement;

/// <summary>Feed paper by a number of lines.</summary>
public sealed record FeedElement(int Lines) : ReceiptElement;

/// <summary>Feed to the cutter and cut (partial cut leaves a hinge).</summary>
public sealed record CutElement(bool Partial = true) : ReceiptElement;

/// <summary>Pulse the cash drawer kick-out connector (pin 2 or pin 5).</summary>
internal sealed record DrawerPulseElement(int Pin = 2) : ReceiptElement;

/// <summary>A composed receipt: an immutable list of elements laid out for <see cref="Columns"/> characters per line.</summary>
public sealed class ReceiptDocument
{
    public ReceiptDocument(int columns, IEnumerable<ReceiptElement> elements)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 16);
        ArgumentNullException.ThrowIfNull(elements);
        Columns = columns;
        Elements = [.. elements];
    }

    public int Columns { get; }

    public ImmutableArray<ReceiptElement> Elements { get; }
}
