using System.Buffers.Binary;
using System.IO.Compression;
using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.EscPos.Decoding;
using KioskRuntime.Printing.EscPos.Imaging;
using KioskRuntime.Printing.EscPos.Rendering;
using KioskRuntime.Printing.Receipts.Norway;

namespace KioskRuntime.Printing.Tests;

public sealed class RenderingTests
{
    private static DecodedDocument Decoded(params ReceiptElement[] elements)
    {
        var caps = PrinterCapabilities.EpsonTmT88V;
        return EscPosDecoder.Decode(new EscPosEncoder().Encode(new ReceiptDocument(42, elements), caps));
    }

    [Fact]
    public void Wrap_keeps_indentation_and_breaks_long_words()
    {
        Assert.Equal(["  0,532 kg x", "39,90 kr/kg"], EscPosEncoder.Wrap("  0,532 kg x 39,90 kr/kg", 12));
        Assert.Equal(["abcdef", "ghij"], EscPosEncoder.Wrap("abcdefghij", 6));
        Assert.Equal([string.Empty], EscPosEncoder.Wrap(string.Empty, 6));
    }

    [Fact]
    public void Text_rendering_aligns_and_spaces_double_width()
    {
        var text = ReceiptTextRenderer.Render(Decoded(
            new TextLine("KOPI", TextAlign.Center, TextStyle.Double),
            new TextLine("høyre", TextAlign.Right),
            new QrElement("R-1")), columns: 20);
        Assert.Equal("      K O P I\n               høyre\n     [QR: R-1]\n\n", text);
    }

    [Fact]
    public void Html_escapes_text_and_marks_styles()
    {
        var html = ReceiptHtmlRenderer.Render(Decoded(new TextLine("<b>Blåbær & co</b>", TextAlign.Center, TextStyle.Strong), new BarcodeElement(BarcodeSymbology.Code128, "R-1")));
        Assert.Contains("&lt;b&gt;Blåbær &amp; co&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("class=\"l c\"><span class=\"b\">", html, StringComparison.Ordinal);
        Assert.Contains("title=\"CODE128\"><svg", html, StringComparison.Ordinal);
        Assert.Contains("</svg><br>R-1</div>", html, StringComparison.Ordinal); // data decoded back from {B
        Assert.DoesNotContain("<b>Blåbær", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Png_is_a_valid_file_with_correct_crcs_and_the_paper_width()
    {
        var png = ReceiptPngRenderer.Render(Decoded(new TextLine("Salgskvittering", TextAlign.Center, TextStyle.Double), new CutElement()), paperWidthDots: 512);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var chunks = ReadChunks(png);
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        Assert.Equal(512 + 16, BinaryPrimitives.ReadInt32BigEndian(chunks[0].Data));
        // The IEND CRC is a well-known constant.
        Assert.Equal(new byte[] { 0xAE, 0x42, 0x60, 0x82 }, png[^4..]);
    }

    [Fact]
    public void Png_pixels_show_the_text_and_the_image()
    {
        var black = new GrayImage(16, 16, new byte[256]);
        var image = ReceiptPngRenderer.RenderImage(Decoded(new ImageElement(black, DitherMode.Threshold, TextAlign.Left), new TextLine("I")), paperWidthDots: 512);
        // The 16x16 image sits at the margin (8, 8), then the letter I in the first cell below it.
        Assert.True(image.IsBlack(8, 8));
        Assert.True(image.IsBlack(23, 23));
        Assert.False(image.IsBlack(24, 8));
        var inked = 0;
        for (var y = 24; y < 24 + 24; y++)
        {
            for (var x = 8; x < 20; x++)
            {
                inked += image.IsBlack(x, y) ? 1 : 0;
            }
        }

        Assert.InRange(inked, 20, 200);
    }

    [Fact]
    public void Png_round_trips_through_zlib_to_the_rendered_bits()
    {
        var doc = Decoded(new TextLine("Blåbær €"));
        var image = ReceiptPngRenderer.RenderImage(doc, 384);
        var png = ReceiptPngRenderer.Render(doc, 384);
        var idat = ReadChunks(png).Single(c => c.Type == "IDAT").Data;
        using var z = new ZLibStream(new MemoryStream(idat), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        var rows = raw.ToArray();
        Assert.Equal((image.BytesPerRow + 1) * image.Height, rows.Length);
        for (var y = 0; y < image.Height; y++)
        {
            Assert.Equal(0, rows[y * (image.BytesPerRow + 1)]);
            for (var i = 0; i < image.BytesPerRow; i++)
            {
                Assert.Equal((byte)~image.Bits[(y * image.BytesPerRow) + i], rows[(y * (image.BytesPerRow + 1)) + 1 + i]);
            }
        }
    }

    private static List<(string Type, byte[] Data)> ReadChunks(byte[] png)
    {
        var chunks = new List<(string, byte[])>();
        var at = 8;
        while (at < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png[(at + 8)..(at + 8 + length)];
            var crc = PngWriter.Crc(PngWriter.Crc(0xFFFFFFFF, png.AsSpan(at + 4, 4)), data) ^ 0xFFFFFFFF;
            Assert.Equal(crc, BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length)));
            chunks.Add((type, data));
            at += 12 + length;
        }

        return chunks;
    }
}

public sealed class ReceiptPreviewTests
{
    [Fact]
    public void One_call_encode_and_previews_agree()
    {
        var profile = PrinterCapabilities.Generic58mm;
        var bytes = ReceiptPrinting.Encode(SampleReceipts.Sale(), profile, SampleReceipts.Logo());
        var text = ReceiptPreview.Text(bytes, profile);
        Assert.Contains("Salgskvittering".Aggregate(string.Empty, (s, c) => s.Length == 0 ? c.ToString() : s + " " + c), text, StringComparison.Ordinal);
        Assert.All(text.Split('\n'), line => Assert.True(line.Length <= 32, $"'{line}' is wider than 32 columns"));
        Assert.Contains("[CODE128: R-KIOSK01-4711]", text, StringComparison.Ordinal);
        Assert.Contains("Nærbutikken Blåbær AS", ReceiptPreview.Html(bytes, profile), StringComparison.Ordinal);
        Assert.Equal(0x89, ReceiptPreview.Png(bytes, profile)[0]);
    }
}
