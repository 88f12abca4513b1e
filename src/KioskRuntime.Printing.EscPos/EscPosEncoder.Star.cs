using System.Text;
using KioskRuntime.Printing.EscPos.Imaging;

namespace KioskRuntime.Printing.EscPos;

/// <summary>
/// Star Line Mode barcodes, QR codes and logos. Bytes from Star's "STAR Line Mode Command Specifications" (thermal):
/// ESC b n1 n2 n3 n4 d… RS (bar codes, 3-3-10), ESC GS y S/D/P (two-dimensional QR code, 3-13), ESC X n1 n2 d… (fine density
/// 24-dot bit image at 8 dots/mm) with ESC 0 (3 mm line feed = 24 dots) while it prints.
/// </summary>
public sealed partial class EscPosEncoder
{
    private const byte Esc = 0x1B;

    /// <summary>Star ESC b ends its data with RS.</summary>
    private const byte StarBarcodeEnd = 0x1E;

    /// <summary>Bar code data we send in one ESC b (the manual gives no maximum for CODE128; the decoder searches this far for RS).</summary>
    internal const int StarMaxBarcodeData = 255;

    /// <summary>
    /// ESC b n1 n2 n3 n4 d… RS. n1: '3' JAN/EAN13, '6' Code128 (the printer picks the code sets itself; data 0–127).
    /// n2 '2': human-readable characters under the bars, then a line feed. n3: narrowest module '1' 2 dots, '2' 3 dots, '3' 4 dots.
    /// n4: height in dots. GS1-128 has no FNC1 notation in the line-mode manual, so it stays text.
    /// </summary>
    private static void WriteStarBarcode(CommandWriter w, BarcodeElement barcode, PrinterCapabilities caps)
    {
        var (type, data) = barcode.Symbology switch
        {
            BarcodeSymbology.Ean13 => ((byte)'3', Ean13Digits(barcode.Data)),
            BarcodeSymbology.Code128 => ((byte)'6', StarCode128Data(barcode.Data)),
            _ => ((byte)0, (string?)null),
        };
        if (data is null)
        {
            WriteText(w, barcode.Data.Replace('\u001D', ' '), TextAlign.Center, TextStyle.Normal, caps.Columns);
            return;
        }

        var module = (byte)(Math.Clamp(barcode.ModuleWidth, 2, 4) - 1 + '0');
        w.Align(TextAlign.Center);
        w.Style(TextStyle.Normal);
        w.Raw(Esc, (byte)'b', type, (byte)'2', module, (byte)Math.Clamp(barcode.HeightDots, 1, 255));
        w.Raw(Encoding.ASCII.GetBytes(data));
        w.Raw(StarBarcodeEnd);
    }

    private static string StarCode128Data(string data)
    {
        if (data.Length is 0 or > StarMaxBarcodeData)
        {
            throw new ArgumentException($"CODE128 data is {data.Length} characters; Star ESC b takes 1..{StarMaxBarcodeData} here.");
        }

        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] is < ' ' or > '~')
            {
                throw new ArgumentException($"CODE128 data has character U+{(int)data[i]:X4} at position {i}; only printable ASCII is supported.");
            }
        }

        return data;
    }

    /// <summary>
    /// ESC GS y S 0 n model (2), ESC GS y S 1 n level (0 L … 3 H), ESC GS y S 2 n cell size (1–8 dots), ESC GS y D 1 m nL nH d…
    /// (automatic analysis, m = 0, 1–7089 bytes), ESC GS y P print. The printer leaves the 4-cell quiet zone to us: centred, with
    /// the lines around it.
    /// </summary>
    private static void WriteStarQr(CommandWriter w, QrElement qr)
    {
        var payload = Encoding.UTF8.GetBytes(qr.Data);
        if (payload.Length is 0 or > 7089)
        {
            throw new ArgumentException($"QR payload is {payload.Length} bytes; ESC GS y D takes 1..7089.");
        }

        w.Align(TextAlign.Center);
        w.Style(TextStyle.Normal);
        w.Raw(Esc, Gs, (byte)'y', (byte)'S', (byte)'0', 2);
        w.Raw(Esc, Gs, (byte)'y', (byte)'S', (byte)'1', (byte)qr.ErrorLevel);
        w.Raw(Esc, Gs, (byte)'y', (byte)'S', (byte)'2', (byte)Math.Clamp(qr.ModuleSize, 1, 8));
        w.Raw(Esc, Gs, (byte)'y', (byte)'D', (byte)'1', 0, (byte)(payload.Length & 0xFF), (byte)(payload.Length >> 8));
        w.Raw(payload);
        w.Raw(Esc, Gs, (byte)'y', (byte)'P');
    }

    /// <summary>
    /// The logo as ESC X strips: 24 dots high, one column = 3 bytes (MSB = top dot), each strip printed by LF with the line feed
    /// set to 3 mm (ESC 0, 24 dots at 8 dots/mm) so strips touch; ESC z 1 (4 mm) afterwards for text. Alignment is padding in
    /// the bitmap, as for ESC/POS.
    /// </summary>
    private static void WriteStarImage(CommandWriter w, MonoImage mono, int offset)
    {
        var columns = mono.Width + offset;
        w.Align(TextAlign.Left);
        w.Raw(Esc, (byte)'0');
        var column = new byte[3];
        for (var top = 0; top < mono.Height; top += 24)
        {
            w.Raw(Esc, (byte)'X', (byte)(columns & 0xFF), (byte)(columns >> 8));
            for (var x = 0; x < columns; x++)
            {
                column.AsSpan().Clear();
                var sx = x - offset;
                for (var dy = 0; dy < 24 && sx >= 0 && top + dy < mono.Height; dy++)
                {
                    if (mono.IsBlack(sx, top + dy))
                    {
                        column[dy >> 3] |= (byte)(0x80 >> (dy & 7));
                    }
                }

                w.Raw(column);
            }

            w.LineFeed();
        }

        w.Raw(Esc, (byte)'z', 1);
    }
}
