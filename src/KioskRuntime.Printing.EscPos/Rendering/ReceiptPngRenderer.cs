using KioskRuntime.Printing.EscPos.Decoding;
using KioskRuntime.Printing.EscPos.Imaging;

namespace KioskRuntime.Printing.EscPos.Rendering;

/// <summary>
/// Renders a decoded receipt as a 1-bit picture of the paper, dot for dot: font A cells of 12×24 dots (the 5×7 preview font
/// drawn 2× wide and 3× high), 30-dot lines, images as printed, EAN-13/CODE128 bars and QR symbols dot for dot (other
/// symbologies, and QR codes a printer would refuse, as labelled frames). Stateless.
/// </summary>
public static class ReceiptPngRenderer
{
    private const int CellWidth = 12;
    private const int CellHeight = 24;
    private const int LineSpacing = 30;
    private const int Margin = 8;

    /// <summary>The receipt as PNG bytes.</summary>
    public static byte[] Render(DecodedDocument document, int paperWidthDots = 576) => PngWriter.Write(RenderImage(document, paperWidthDots));

    /// <summary>The receipt as a 1-bit image <paramref name="paperWidthDots"/> wide (plus margins).</summary>
    public static MonoImage RenderImage(DecodedDocument document, int paperWidthDots = 576)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentOutOfRangeException.ThrowIfLessThan(paperWidthDots, 96);
        var canvas = new Canvas(paperWidthDots + (2 * Margin));
        var y = Margin;
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case DecodedTextLine line:
                    y += DrawLine(canvas, line, y, paperWidthDots);
                    break;
                case DecodedImage image:
                    canvas.Blit(image.Image, Margin + AlignOffset(image.Align, paperWidthDots, image.Image.Width), y);

                    y += image.Image.Height;
                    break;
                case DecodedBarcode barcode:
                    y += BarcodeModules.For(barcode) is { } modules
                        ? DrawBars(canvas, modules, barcode, y, paperWidthDots)
                        : DrawLabelledFrame(canvas, y, paperWidthDots, barcode.Symbology, barcode.Data.Replace('\u001D', '|'), 100);
                    break;
                case DecodedQr qr:
                    y += DrawQr(canvas, qr, y, paperWidthDots);
                    break;
                case DecodedFeed feed:
                    y += Math.Min(feed.Dots, 600);
                    break;
                case DecodedCut:
                    y += 12;
                    for (var x = 0; x < canvas.Width; x += 8)
                    {
                        canvas.FillRect(x, y, 4, 2);
                    }

                    y += 14;
                    break;
            }
        }

        return canvas.ToImage(y + Margin);
    }

    private static int AlignOffset(TextAlign align, int paper, int width) => align switch
    {
        TextAlign.Center => Math.Max(0, (paper - width) / 2),
        TextAlign.Right => Math.Max(0, paper - width),
        _ => 0,
    };

    private static int DrawLine(Canvas canvas, DecodedTextLine line, int top, int paper)
    {
        var height = line.Height;
        var width = line.Runs.Sum(r => r.Text.Length * CellWidth * Math.Max(1, r.Style.Width));
        var x = Margin + AlignOffset(line.Align, paper, width);
        var baseline = top + ((height - 1) * CellHeight);
        foreach (var run in line.Runs)
        {
            var sw = Math.Max(1, run.Style.Width);
            var sh = Math.Max(1, run.Style.Height);
            foreach (var c in run.Text)
            {
                var cellTop = baseline - ((sh - 1) * CellHeight);
                if (run.Style.Inverted)
                {
                    canvas.FillRect(x, cellTop, CellWidth * sw, CellHeight * sh);
                }

                DrawGlyph(canvas, c, x, cellTop, sw, sh, run.Style);
                if (run.Style.Underline)
                {
                    canvas.FillRect(x, cellTop + (CellHeight * sh) - 2, CellWidth * sw, 2, !run.Style.Inverted);
                }

                x += CellWidth * sw;
            }
        }

        return ((height - 1) * CellHeight) + LineSpacing;
    }

    private static void DrawGlyph(Canvas canvas, char c, int x, int y, int sw, int sh, DecodedStyle style)
    {
        var rows = BitmapFont.Rows(c == '\t' ? ' ' : c);
        int dx = 2 * sw, dy = 3 * sh;
        var ox = x + sw;
        var oy = y + (1 * sh);
        for (var r = 0; r < BitmapFont.GlyphHeight; r++)
        {
            for (var col = 0; col < BitmapFont.GlyphWidth; col++)
            {
                if ((rows[r] & (0x10 >> col)) == 0)
                {
                    continue;
                }

                var w = dx + (style.Bold ? 1 : 0);
                canvas.FillRect(ox + (col * dx), oy + (r * dy), w, dy, !style.Inverted);
            }
        }
    }

    /// <summary>Bars at 2 dots per module (GS w 2, as the encoder sends), 80 dots high, the data below (GS H 2).</summary>
    private static int DrawBars(Canvas canvas, bool[] modules, DecodedBarcode barcode, int top, int paper)
    {
        var moduleWidth = modules.Length * 2 <= paper ? 2 : 1;
        var left = Margin + AlignOffset(barcode.Align, paper, modules.Length * moduleWidth);
        for (var i = 0; i < modules.Length; i++)
        {
            if (modules[i])
            {
                canvas.FillRect(left + (i * moduleWidth), top, moduleWidth, 80);
            }
        }

        var text = barcode.Data.Replace('\u001D', '|');
        DrawCentered(canvas, text, Margin, paper, top + 84, DecodedStyle.Normal);
        return 84 + CellHeight + 6;
    }

    /// <summary>
    /// The QR symbol at the module size the command gave (dots per module), with the 4-module quiet zone kept clear above, below
    /// and beside it. A symbol that cannot be encoded, is model 1, or is wider than the paper (a printer prints nothing then) is a
    /// labelled frame saying why.
    /// </summary>
    private static int DrawQr(Canvas canvas, DecodedQr qr, int top, int paper)
    {
        var module = Math.Max(1, qr.ModuleSize);
        if (qr.Model != 2)
        {
            return DrawLabelledFrame(canvas, top, paper, "QR model 1 (not drawn)", qr.Payload, 160);
        }

        if (!QrSymbol.TryEncode(qr.Bytes, qr.ErrorLevel, out var symbol) || symbol is null)
        {
            return DrawLabelledFrame(canvas, top, paper, "QR (no symbol: empty or too long)", qr.Payload, 160);
        }

        var side = symbol.Size * module;
        if (side > paper)
        {
            return DrawLabelledFrame(canvas, top, paper, $"QR {side} dots > paper", qr.Payload, 160);
        }

        var quiet = QrSymbol.QuietZoneModules * module;
        var left = Margin + AlignOffset(qr.Align, paper, side);
        var y0 = top + quiet;
        for (var y = 0; y < symbol.Size; y++)
        {
            for (var x = 0; x < symbol.Size; x++)
            {
                if (symbol.IsDark(x, y))
                {
                    canvas.FillRect(left + (x * module), y0 + (y * module), module, module);
                }
            }
        }

        return side + (2 * quiet);
    }

    private static int DrawLabelledFrame(Canvas canvas, int top, int paper, string label, string data, int height)
    {
        var width = Math.Min(paper - 16, Math.Max(label.Length, data.Length) * CellWidth + 24);
        var left = Margin + ((paper - width) / 2);
        canvas.FillRect(left, top, width, 3);
        canvas.FillRect(left, top + height - 3, width, 3);
        canvas.FillRect(left, top, 3, height);
        canvas.FillRect(left + width - 3, top, 3, height);
        var text = new DecodedStyle(false, false, 1, 1, false, false);
        DrawCentered(canvas, label, left, width, top + 16, text with { Bold = true });
        DrawCentered(canvas, data.Length * CellWidth > width - 12 ? data[..Math.Max(1, (width - 12) / CellWidth)] : data, left, width, top + height - 16 - CellHeight, text);
        return height + 6;
    }

    private static void DrawCentered(Canvas canvas, string text, int left, int width, int top, DecodedStyle style)
    {
        var x = left + Math.Max(0, (width - (text.Length * CellWidth)) / 2);
        foreach (var c in text)
        {
            DrawGlyph(canvas, c, x, top, 1, 1, style);
            x += CellWidth;
        }
    }

    /// <summary>A 1-bit drawing surface that grows downwards.</summary>
    private sealed class Canvas(int width)
    {
        private readonly int _bytesPerRow = (width + 7) / 8;
        private byte[] _bits = new byte[((width + 7) / 8) * 2048];

        public int Width { get; } = width;

        private void EnsureRows(int rows)
        {
            var needed = rows * _bytesPerRow;
            if (needed > _bits.Length)
            {
                Array.Resize(ref _bits, Math.Max(_bits.Length * 2, needed));
            }
        }

        public void FillRect(int x, int y, int w, int h, bool black = true)
        {
            var x0 = Math.Max(0, x);
            var x1 = Math.Min(Width, x + w);
            if (x1 <= x0 || h <= 0 || y + h <= 0)
            {
                return;
            }

            y = Math.Max(0, y);
            EnsureRows(y + h);

            for (var yy = y; yy < y + h; yy++)
            {
                var row = _bits.AsSpan(yy * _bytesPerRow, _bytesPerRow);
                for (var xx = x0; xx < x1; xx++)
                {
                    var mask = (byte)(0x80 >> (xx & 7));
                    row[xx >> 3] = black ? (byte)(row[xx >> 3] | mask) : (byte)(row[xx >> 3] & ~mask);
                }
            }
        }

        /// <summary>Copies a 1-bit image in, byte-wise with a bit shift for the left edge.</summary>
        public void Blit(MonoImage image, int left, int top)
        {
            EnsureRows(top + image.Height);
            var source = image.Bits;
            int shift = left & 7, skip = left >> 3;
            for (var y = 0; y < image.Height; y++)
            {
                var from = source.Slice(y * image.BytesPerRow, image.BytesPerRow);
                var to = _bits.AsSpan((top + y) * _bytesPerRow, _bytesPerRow);
                for (var i = 0; i < from.Length && skip + i < to.Length; i++)
                {
                    to[skip + i] |= (byte)(from[i] >> shift);
                    if (shift != 0 && skip + i + 1 < to.Length)
                    {
                        to[skip + i + 1] |= (byte)(from[i] << (8 - shift));
                    }
                }
            }
        }

        public MonoImage ToImage(int height)
        {
            var bits = new byte[_bytesPerRow * height];
            _bits.AsSpan(0, Math.Min(_bits.Length, bits.Length)).CopyTo(bits);
            return new MonoImage(Width, height, bits);
        }
    }
}
