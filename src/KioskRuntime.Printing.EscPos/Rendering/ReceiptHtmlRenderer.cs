using System.Globalization;
using System.Text;
using KioskRuntime.Printing.EscPos.Decoding;

namespace KioskRuntime.Printing.EscPos.Rendering;

/// <summary>
/// Renders a decoded receipt as a self-contained HTML page: monospace paper of the given width, bold/underline/inverted and
/// double sizes as styles, images as inline PNG, EAN-13/CODE128 bars and QR symbols as SVG (scannable from the screen), other
/// symbologies as labelled boxes. Stateless.
/// </summary>
public static class ReceiptHtmlRenderer
{
    public static string Render(DecodedDocument document, int columns = 42, string title = "Receipt")
    {
        ArgumentNullException.ThrowIfNull(document);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"nb\"><head><meta charset=\"utf-8\"><title>").Append(Escape(title)).Append("</title>\n<style>\n");
        sb.Append(CultureInfo.InvariantCulture, $".paper{{width:{columns}ch;margin:1em auto;padding:1em;background:#fff;box-shadow:0 0 4px #888;font:16px/1.25 'DejaVu Sans Mono',monospace;color:#000}}\n");
        sb.Append("body{background:#ddd}.l{white-space:pre;min-height:1.25em}.c{text-align:center}.r{text-align:right}.b{font-weight:bold}.u{text-decoration:underline}");
        sb.Append(".i{background:#000;color:#fff}.box{border:2px dashed #444;margin:.3em auto;padding:.4em;text-align:center;width:fit-content;font-size:80%}");
        sb.Append(".qr svg{display:inline-block}.cut{border-top:2px dashed #888;margin:.8em -1em;text-align:right;font-size:70%;color:#888}img{display:block;image-rendering:pixelated}\n</style></head><body><div class=\"paper\">\n");
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case DecodedTextLine line:
                    sb.Append("<div class=\"l").Append(AlignClass(line.Align)).Append("\">");
                    foreach (var run in line.Runs)
                    {
                        AppendRun(sb, run);
                    }

                    sb.Append("</div>\n");
                    break;
                case DecodedBarcode barcode:
                    AppendBarcode(sb, barcode);
                    break;
                case DecodedQr qr:
                    AppendQr(sb, qr);
                    break;
                case DecodedImage image:
                    var png = Convert.ToBase64String(PngWriter.Write(image.Image));
                    var align = image.Align switch { TextAlign.Center => "margin:0 auto", TextAlign.Right => "margin-left:auto", _ => string.Empty };
                    sb.Append(CultureInfo.InvariantCulture, $"<img style=\"width:{image.Image.Width / 12.0:0.##}ch;max-width:100%;{align}\" alt=\"image {image.Image.Width}x{image.Image.Height}\" src=\"data:image/png;base64,{png}\">\n");
                    break;
                case DecodedFeed feed:
                    sb.Append(CultureInfo.InvariantCulture, $"<div style=\"height:{Math.Min(feed.Dots, 300) / 24.0:0.##}em\"></div>\n");
                    break;
                case DecodedCut cut:
                    sb.Append("<div class=\"cut\">").Append(cut.Partial ? "partial cut" : "cut").Append(" ✂</div>\n");
                    break;
            }
        }

        sb.Append("</div></body></html>\n");
        return sb.ToString();
    }

    /// <summary>EAN-13 and CODE128/GS1-128 as real SVG bars (scannable from a screen); other symbologies as a labelled box.</summary>
    private static void AppendBarcode(StringBuilder sb, DecodedBarcode barcode)
    {
        var label = Escape(barcode.Data.Replace('\u001D', '|'));
        var modules = BarcodeModules.For(barcode);
        if (modules is null)
        {
            sb.Append("<div class=\"box\" title=\"barcode\">").Append(Escape(barcode.Symbology)).Append("<br><b>").Append(label).Append("</b></div>\n");
            return;
        }

        // 10 modules of quiet zone on each side; one SVG unit per module.
        var width = modules.Length + 20;
        sb.Append(CultureInfo.InvariantCulture, $"<div class=\"c\" title=\"{Escape(barcode.Symbology)}\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width * 2}\" height=\"70\" viewBox=\"0 0 {width} 35\" shape-rendering=\"crispEdges\"><rect width=\"{width}\" height=\"35\" fill=\"#fff\"/><path d=\"");
        for (var i = 0; i < modules.Length; i++)
        {
            if (!modules[i])
            {
                continue;
            }

            var run = 1;
            while (i + run < modules.Length && modules[i + run])
            {
                run++;
            }

            sb.Append(CultureInfo.InvariantCulture, $"M{i + 10} 0h{run}v35h-{run}z");
            i += run - 1;
        }

        sb.Append("\"/></svg><br>").Append(label).Append("</div>\n");
    }

    /// <summary>
    /// The QR symbol as SVG: one unit per module, a 4-module quiet zone, drawn at the module size the command gave (CSS pixels
    /// per module, as dots on paper); the payload below. Symbols that cannot be drawn are a labelled box saying why.
    /// </summary>
    private static void AppendQr(StringBuilder sb, DecodedQr qr)
    {
        var label = Escape(qr.Payload);
        if (qr.Model != 2 || !QrSymbol.TryEncode(qr.Bytes, qr.ErrorLevel, out var symbol) || symbol is null)
        {
            var why = qr.Model != 2 ? "model 1, not drawn" : "no symbol: empty or too long";
            sb.Append("<div class=\"box\" title=\"qr\">QR (").Append(qr.ErrorLevel).Append(", ").Append(why).Append(")<br><b>").Append(label).Append("</b></div>\n");
            return;
        }

        var quiet = QrSymbol.QuietZoneModules;
        var units = symbol.Size + (2 * quiet);
        var pixels = units * Math.Max(1, qr.ModuleSize);
        var align = qr.Align switch { TextAlign.Center => " c", TextAlign.Right => " r", _ => string.Empty };
        sb.Append(CultureInfo.InvariantCulture, $"<div class=\"qr{align}\" title=\"QR {qr.ErrorLevel}, version {symbol.Version}, {qr.ModuleSize} dots/module\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{pixels}\" height=\"{pixels}\" viewBox=\"0 0 {units} {units}\" shape-rendering=\"crispEdges\"><rect width=\"{units}\" height=\"{units}\" fill=\"#fff\"/><path d=\"");
        for (var y = 0; y < symbol.Size; y++)
        {
            for (var x = 0; x < symbol.Size; x++)
            {
                if (!symbol.IsDark(x, y))
                {
                    continue;
                }

                var run = 1;
                while (x + run < symbol.Size && symbol.IsDark(x + run, y))
                {
                    run++;
                }

                sb.Append(CultureInfo.InvariantCulture, $"M{x + quiet} {y + quiet}h{run}v1h-{run}z");
                x += run - 1;
            }
        }

        sb.Append("\"/></svg><br>").Append(label).Append("</div>\n");
    }

    /// <summary>Escapes the five HTML-significant characters and keeps the rest as UTF-8 text (readable in the source).</summary>
    internal static string Escape(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal)
        .Replace("'", "&#39;", StringComparison.Ordinal);

    private static string AlignClass(TextAlign align) => align switch { TextAlign.Center => " c", TextAlign.Right => " r", _ => string.Empty };

    private static void AppendRun(StringBuilder sb, DecodedRun run)
    {
        var s = run.Style;
        var classes = (s.Bold ? "b " : string.Empty) + (s.Underline ? "u " : string.Empty) + (s.Inverted ? "i" : string.Empty);
        var sized = s.Width > 1 || s.Height > 1;
        sb.Append("<span");
        if (classes.Length > 0)
        {
            sb.Append(" class=\"").Append(classes.TrimEnd()).Append('"');
        }

        if (sized)
        {
            // Scale the glyphs like the printer does: width multiplies the advance, height the line.
            sb.Append(CultureInfo.InvariantCulture, $" style=\"display:inline-block;font-size:{s.Height * 100}%;letter-spacing:0;transform:scaleX({(double)s.Width / s.Height:0.###});transform-origin:left\"");
        }

        sb.Append('>').Append(Escape(run.Text)).Append("</span>");
    }
}
