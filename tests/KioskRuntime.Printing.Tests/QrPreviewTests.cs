using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.EscPos.Decoding;
using KioskRuntime.Printing.EscPos.Rendering;
using KioskRuntime.Printing.Receipts.Norway;
using ZXing;

namespace KioskRuntime.Printing.Tests;

/// <summary>
/// The previews draw the QR symbol the printer would print: checked by parsing the PNG bytes and scanning them with ZXing (an
/// independent decoder), by the geometry the command asked for (module size, quiet zone), and by the HTML SVG carrying the same
/// module grid as the PNG.
/// </summary>
public sealed class QrPreviewTests
{
    private const int Margin = 8; // ReceiptPngRenderer's white border

    private static DecodedDocument Decoded(PrinterCapabilities caps, params ReceiptElement[] elements) =>
        EscPosDecoder.Decode(new EscPosEncoder().Encode(new ReceiptDocument(caps.Columns, elements), caps), caps.Dialect);

    [Theory]
    [InlineData("epson-tm-t20iii", "KRT:kiosk-01:4711")]
    [InlineData("epson-tm-t88v", "KRT:KIOSK-OSLO-7:1")]
    [InlineData("default", "KRT:k:9000000001")]
    public void Return_code_round_trips_from_receipt_through_bytes_decoder_and_png_to_a_scanner(string profile, string returnCode)
    {
        var caps = PrinterCapabilities.Get(profile);
        var bytes = ReceiptPrinting.Encode(SampleReceipts.Sale() with { ReturnCode = returnCode }, caps, SampleReceipts.Logo());

        var png = PreviewScan.ReadPng(ReceiptPreview.Png(bytes, caps));
        var result = PreviewScan.Scan(png, BarcodeFormat.QR_CODE);

        Assert.NotNull(result);
        Assert.Equal(returnCode, result.Text);
        Assert.Equal("M", result.ResultMetadata[ResultMetadataType.ERROR_CORRECTION_LEVEL].ToString());
    }

    [Theory]
    [InlineData(3, QrErrorLevel.L)]
    [InlineData(5, QrErrorLevel.H)]
    [InlineData(8, QrErrorLevel.Q)]
    public void Png_symbol_has_the_commanded_module_size_level_and_a_clear_quiet_zone(int module, QrErrorLevel level)
    {
        var caps = PrinterCapabilities.EpsonTmT20III;
        var png = PreviewScan.ReadPng(ReceiptPngRenderer.Render(Decoded(caps, new QrElement("KRT:K1:42", module, level)), caps.PaperWidthDots));

        // Only the symbol is black: its bounding box is the symbol.
        int left = int.MaxValue, top = int.MaxValue, right = -1, bottom = -1;
        for (var y = 0; y < png.Height; y++)
        {
            for (var x = 0; x < png.Width; x++)
            {
                if (png[x, y])
                {
                    (left, top, right, bottom) = (Math.Min(left, x), Math.Min(top, y), Math.Max(right, x), Math.Max(bottom, y));
                }
            }
        }

        var side = right - left + 1;
        Assert.Equal(side, bottom - top + 1);
        Assert.Equal(0, side % module);
        var modules = side / module;
        Assert.Equal(0, (modules - 17) % 4); // 21, 25, 29 … modules: a real QR version
        Assert.Equal(Margin + (4 * module), top); // quiet zone of 4 modules above
        Assert.True(png.Height >= bottom + 1 + (4 * module), "quiet zone below");
        Assert.True(left - Margin >= 4 * module && png.Width - Margin - right - 1 >= 4 * module, "quiet zone beside (centred)");

        // Finder pattern top-left: a 7-module dark ring, then a light ring, then a 3-module core.
        for (var i = 0; i < 7 * module; i++)
        {
            Assert.True(png[left + i, top], $"finder top edge at {i}");
            Assert.True(png[left, top + i], $"finder left edge at {i}");
        }

        Assert.False(png[left + module + (module / 2), top + module + (module / 2)]);
        Assert.True(png[left + (3 * module) + (module / 2), top + (3 * module) + (module / 2)]);

        var result = PreviewScan.Scan(png, BarcodeFormat.QR_CODE);
        Assert.NotNull(result);
        Assert.Equal("KRT:K1:42", result.Text);
        Assert.Equal(level.ToString(), result.ResultMetadata[ResultMetadataType.ERROR_CORRECTION_LEVEL].ToString());
    }

    [Fact]
    public void Html_svg_carries_the_same_module_grid_as_the_png_and_scans()
    {
        var caps = PrinterCapabilities.EpsonTmT88V;
        var doc = Decoded(caps, new TextLine("Retur"), new QrElement("KRT:kiosk-01:17", 4, QrErrorLevel.M));
        var grid = Assert.Single(PreviewScan.QrGridsFromHtml(ReceiptHtmlRenderer.Render(doc, caps.Columns)));
        var png = PreviewScan.ReadPng(ReceiptPngRenderer.Render(doc, caps.PaperWidthDots));

        // Locate the PNG symbol by its first dark dot below the text line, then sample every module centre.
        var n = grid.GetLength(0);
        var size = n - 8;
        var (x0, y0) = FirstDark(png, fromY: Margin + 30);
        for (var y = 0; y < n; y++)
        {
            for (var x = 0; x < n; x++)
            {
                var inSymbol = x >= 4 && x < 4 + size && y >= 4 && y < 4 + size;
                var expected = inSymbol && png[x0 + ((x - 4) * 4) + 2, y0 + ((y - 4) * 4) + 2];
                Assert.True(grid[y, x] == expected, $"module ({x},{y}): html {grid[y, x]}, png {expected}");
            }
        }

        var result = PreviewScan.Scan(PreviewScan.Draw(grid, 3), BarcodeFormat.QR_CODE);
        Assert.NotNull(result);
        Assert.Equal("KRT:kiosk-01:17", result.Text);
    }

    [Fact]
    public void Non_ascii_payload_is_encoded_as_the_stored_utf8_bytes()
    {
        var caps = PrinterCapabilities.EpsonTmT88V;
        var png = PreviewScan.ReadPng(ReceiptPngRenderer.Render(Decoded(caps, new QrElement("Blåbær 24,90 kr €")), caps.PaperWidthDots));
        Assert.Equal("Blåbær 24,90 kr €", PreviewScan.Scan(png, BarcodeFormat.QR_CODE)?.Text);
    }

    [Fact]
    public void Symbols_a_printer_would_not_print_are_labelled_frames_and_nothing_crashes()
    {
        static byte[] Qr(byte model, byte[] data)
        {
            var length = data.Length + 3;
            return
            [
                0x1B, 0x40,
                0x1D, 0x28, 0x6B, 4, 0, 49, 65, model, 0,
                0x1D, 0x28, 0x6B, 3, 0, 49, 69, 51,
                0x1D, 0x28, 0x6B, (byte)(length & 0xFF), (byte)(length >> 8), 49, 80, 48, .. data,
                0x1D, 0x28, 0x6B, 3, 0, 49, 81, 48,
            ];
        }

        var tooLong = Enumerable.Range(0, 3000).Select(i => (byte)(i * 7)).ToArray(); // > 1,273 bytes, the byte capacity at level H
        foreach (var (bytes, why) in new[] { (Qr(50, []), "no symbol"), (Qr(50, tooLong), "no symbol"), (Qr(49, "A"u8.ToArray()), "model 1") })
        {
            var doc = EscPosDecoder.Decode(bytes);
            Assert.Single(doc.Blocks.OfType<DecodedQr>());
            Assert.Contains(why, ReceiptHtmlRenderer.Render(doc), StringComparison.Ordinal);
            Assert.Empty(PreviewScan.QrGridsFromHtml(ReceiptHtmlRenderer.Render(doc)));
            var png = PreviewScan.ReadPng(ReceiptPngRenderer.Render(doc));
            Assert.Null(PreviewScan.Scan(png, BarcodeFormat.QR_CODE));
        }
    }

    [Theory]
    [InlineData(BarcodeSymbology.Ean13, "703801005572", BarcodeFormat.EAN_13, "7038010055720")]
    [InlineData(BarcodeSymbology.Code128, "KRT:kiosk-01:4711", BarcodeFormat.CODE_128, "KRT:kiosk-01:4711")]
    [InlineData(BarcodeSymbology.Code128, "12345678901234", BarcodeFormat.CODE_128, "12345678901234")]
    public void One_dimensional_bars_in_the_png_scan_back(BarcodeSymbology symbology, string data, BarcodeFormat format, string expected)
    {
        var caps = PrinterCapabilities.EpsonTmT88V;
        var png = PreviewScan.ReadPng(ReceiptPngRenderer.Render(Decoded(caps, new BarcodeElement(symbology, data)), caps.PaperWidthDots));
        Assert.Equal(expected, PreviewScan.Scan(png, format)?.Text);
    }

    private static (int X, int Y) FirstDark(PreviewScan.Bitmap png, int fromY)
    {
        for (var y = fromY; y < png.Height; y++)
        {
            for (var x = 0; x < png.Width; x++)
            {
                if (png[x, y])
                {
                    return (x, y);
                }
            }
        }

        throw new InvalidOperationException("no dark dot");
    }
}
