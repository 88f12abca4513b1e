using System.Text;
using KioskRuntime.Printing.EscPos.Decoding;

namespace KioskRuntime.Printing.EscPos.Rendering;

/// <summary>
/// Renders a decoded receipt as plain text, the way the simulated printer writes <c>&lt;job&gt;.txt</c>: alignment applied,
/// double-width text spaced out, barcodes/QR/images as bracketed labels, cuts as a dashed scissors line. Stateless.
/// </summary>
public static class ReceiptTextRenderer
{
    public static string Render(DecodedDocument document, int columns = 42)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 8);
        var sb = new StringBuilder();
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case DecodedTextLine line:
                    AppendAligned(sb, Visible(line), line.Align, columns);
                    break;
                case DecodedBarcode barcode:
                    AppendAligned(sb, $"[{barcode.Symbology}: {barcode.Data.Replace('\u001D', '|')}]", TextAlign.Center, columns);
                    break;
                case DecodedQr qr:
                    AppendAligned(sb, $"[QR: {qr.Payload}]", TextAlign.Center, columns);
                    break;
                case DecodedImage image:
                    AppendAligned(sb, $"[image {image.Image.Width}x{image.Image.Height}]", TextAlign.Center, columns);
                    break;
                case DecodedFeed feed:
                    for (var i = 0; i < Math.Min(10, (feed.Dots + 29) / 30); i++)
                    {
                        sb.Append('\n');
                    }

                    break;
                case DecodedCut:
                    sb.Append(new string('-', columns - 4)).Append(" 8<\n");
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Line text as it occupies columns: a double-width character takes two.</summary>
    internal static string Visible(DecodedTextLine line)
    {
        var sb = new StringBuilder();
        foreach (var run in line.Runs)
        {
            if (run.Style.Width <= 1)
            {
                sb.Append(run.Text);
                continue;
            }

            foreach (var c in run.Text)
            {
                sb.Append(c).Append(' ', run.Style.Width - 1);
            }
        }

        return sb.ToString().Replace('\t', ' ').TrimEnd();
    }

    private static void AppendAligned(StringBuilder sb, string text, TextAlign align, int columns)
    {
        if (text.Length == 0)
        {
            sb.Append('\n');
            return;
        }

        var pad = align switch
        {
            TextAlign.Center => Math.Max(0, (columns - text.Length) / 2),
            TextAlign.Right => Math.Max(0, columns - text.Length),
            _ => 0,
        };
        sb.Append(' ', pad).Append(text).Append('\n');
    }
}
