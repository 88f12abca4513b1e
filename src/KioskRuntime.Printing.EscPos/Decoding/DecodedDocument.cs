using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using KioskRuntime.Printing.EscPos.Imaging;

namespace KioskRuntime.Printing.EscPos.Decoding;

/// <summary>The print mode a decoded text run was printed in.</summary>
internal readonly record struct DecodedStyle(bool Bold, bool Underline, int Width, int Height, bool FontB, bool Inverted)
{
    public static DecodedStyle Normal => new(false, false, 1, 1, false, false);
}

/// <summary>Text printed in one style.</summary>
internal sealed record DecodedRun(string Text, DecodedStyle Style);

/// <summary>One thing the printer would put on paper (or do), with the stream offset of the command that made it.</summary>
public abstract record DecodedBlock(long Offset);

/// <summary>A printed text line (ended by LF or by a command that prints the buffer); no runs = an empty line.</summary>
internal sealed record DecodedTextLine(long Offset, TextAlign Align, ImmutableArray<DecodedRun> Runs) : DecodedBlock(Offset)
{
    public string Text => string.Concat(Runs.Select(r => r.Text));

    /// <summary>Tallest character multiplier on the line (1 when empty).</summary>
    public int Height => Runs.IsEmpty ? 1 : Runs.Max(r => r.Style.Height);

    public bool Equals(DecodedTextLine? other) =>
        other is not null && Offset == other.Offset && Align == other.Align && Runs.SequenceEqual(other.Runs);

    public override int GetHashCode() => HashCode.Combine(Offset, Align, Runs.Length);
}

/// <summary>A 1D barcode (GS k). <see cref="Data"/> has code-set switches removed; GS1 FNC1 separators appear as U+001D.</summary>
internal sealed record DecodedBarcode(long Offset, string Symbology, string Data, TextAlign Align) : DecodedBlock(Offset);

/// <summary>
/// A QR code printed from the symbol storage (GS ( k fn 81, or ESC GS y P in Star line mode). <see cref="Payload"/> is the stored
/// bytes read as UTF-8 (for display); <see cref="Data"/> is the bytes themselves, which is what the symbol encodes.
/// </summary>
internal sealed record DecodedQr(long Offset, string Payload, int ModuleSize, char ErrorLevel, TextAlign Align) : DecodedBlock(Offset)
{
    /// <summary>The stored bytes; empty when the block was made from <see cref="Payload"/> alone (then its UTF-8 bytes count).</summary>
    public ImmutableArray<byte> Data { get; init; } = [];

    /// <summary>QR model: 2 (the usual one, default) or 1.</summary>
    public int Model { get; init; } = 2;

    /// <summary>The bytes the symbol encodes.</summary>
    public ReadOnlySpan<byte> Bytes => Data.IsDefaultOrEmpty ? Encoding.UTF8.GetBytes(Payload) : Data.AsSpan();

    public bool Equals(DecodedQr? other) =>
        other is not null && Offset == other.Offset && Payload == other.Payload && ModuleSize == other.ModuleSize
        && ErrorLevel == other.ErrorLevel && Align == other.Align && Model == other.Model && Bytes.SequenceEqual(other.Bytes);

    public override int GetHashCode() => HashCode.Combine(Offset, Payload, ModuleSize, ErrorLevel, Model);

    protected override bool PrintMembers(StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Append(CultureInfo.InvariantCulture, $"Offset = {Offset}, Payload = {Payload}, ModuleSize = {ModuleSize}, ErrorLevel = {ErrorLevel}, Align = {Align}, Model = {Model}, Data = {Convert.ToHexString(Bytes)}");
        return true;
    }
}

/// <summary>A raster image (GS v 0 or ESC *).</summary>
internal sealed record DecodedImage(long Offset, MonoImage Image, TextAlign Align) : DecodedBlock(Offset)
{
    public bool Equals(DecodedImage? other) =>
        other is not null && Offset == other.Offset && Align == other.Align && Image.Width == other.Image.Width
        && Image.Height == other.Image.Height && Image.Bits.SequenceEqual(other.Image.Bits);

    public override int GetHashCode() => HashCode.Combine(Offset, Image.Width, Image.Height);
}

/// <summary>Paper feed without printing, in dots (a line is counted as 30 dots, 1/6 inch at 180 dpi).</summary>
internal sealed record DecodedFeed(long Offset, int Dots) : DecodedBlock(Offset);

internal sealed record DecodedCut(long Offset, bool Partial) : DecodedBlock(Offset);

/// <summary>A command that does not print: initialise, code table, status query, drawer pulse, ASB, FEED button …</summary>
internal sealed record DecodedCommand(long Offset, string Name) : DecodedBlock(Offset);

/// <summary>A byte sequence the decoder did not understand (or a truncated command at the end); decoding went on after it.</summary>
public sealed record DecodeIssue(long Offset, string Message);

/// <summary>The result of decoding an ESC/POS stream. Immutable.</summary>
public sealed class DecodedDocument
{
    internal DecodedDocument(ImmutableArray<DecodedBlock> blocks, ImmutableArray<DecodeIssue> issues, long length)
    {
        Blocks = blocks;
        Issues = issues;
        Length = length;
    }

    public ImmutableArray<DecodedBlock> Blocks { get; }

    public ImmutableArray<DecodeIssue> Issues { get; }

    /// <summary>Bytes decoded.</summary>
    public long Length { get; }

    /// <summary>All text lines, joined by newlines (no alignment); handy for assertions and search.</summary>
    public string Text => string.Join('\n', Blocks.OfType<DecodedTextLine>().Select(l => l.Text));

    /// <summary>A canonical dump of every block and issue: two documents are the same receipt when their dumps are equal.</summary>
    public string Dump()
    {
        var sb = new StringBuilder();
        foreach (var block in Blocks)
        {
            switch (block)
            {
                case DecodedTextLine line:
                    sb.Append(CultureInfo.InvariantCulture, $"{line.Offset} text {line.Align}");
                    foreach (var run in line.Runs)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $" [{run.Style}]\"{run.Text}\"");
                    }

                    break;
                case DecodedImage image:
                    sb.Append(CultureInfo.InvariantCulture, $"{image.Offset} image {image.Image.Width}x{image.Image.Height} {image.Align} {Convert.ToHexString(image.Image.Bits)}");
                    break;
                default:
                    sb.Append(block);
                    break;
            }

            sb.Append('\n');
        }

        foreach (var issue in Issues)
        {
            sb.Append(issue).Append('\n');
        }

        return sb.ToString();
    }
}
