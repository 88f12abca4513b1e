using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.EscPos.Decoding;
using KioskRuntime.Printing.Receipts;
using KioskRuntime.Printing.Receipts.Norway;

namespace KioskRuntime.Printing.Tests;

public sealed class DecoderTests
{
    private static byte[] FullReceipt(string profile)
    {
        var caps = PrinterCapabilities.Get(profile);
        var format = ReceiptFormat.For(caps) with { Logo = SampleReceipts.Logo() };
        var doc = NorwegianReceiptLayout.Compose(SampleReceipts.Sale(), format);
        var extra = new ReceiptDocument(caps.Columns, [.. doc.Elements, new BarcodeElement(BarcodeSymbology.Ean13, "7038010055720"), new DrawerPulseElement()]);
        return new EscPosEncoder().Encode(extra, caps);
    }

    [Theory]
    [InlineData("epson-tm-t88v")]
    [InlineData("generic-58mm")]
    [InlineData("star-tsp143")]
    public void Any_split_of_the_stream_decodes_to_the_same_receipt(string profile)
    {
        var dialect = PrinterCapabilities.Get(profile).Dialect;
        var bytes = FullReceipt(profile);
        var whole = EscPosDecoder.Decode(bytes, dialect).Dump();
        Assert.Empty(EscPosDecoder.Decode(bytes, dialect).Issues);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var decoder = new EscPosDecoder(dialect);
            decoder.Feed(bytes.AsSpan(0, split));
            decoder.Feed(bytes.AsSpan(split));
            var dump = decoder.Complete().Dump();
            if (dump != whole)
            {
                Assert.Fail($"Split at {split} of {bytes.Length} decodes differently.");
            }
        }
    }

    [Fact]
    public void Byte_by_byte_and_random_chunks_decode_the_same()
    {
        var bytes = FullReceipt("epson-tm-t20iii");
        var whole = EscPosDecoder.Decode(bytes).Dump();
        var oneByOne = new EscPosDecoder();
        foreach (var b in bytes)
        {
            oneByOne.Feed([b]);
        }

        Assert.Equal(whole, oneByOne.Complete().Dump());
        var random = new Random(6);
        for (var round = 0; round < 50; round++)
        {
            var decoder = new EscPosDecoder();
            var at = 0;
            while (at < bytes.Length)
            {
                var n = Math.Min(bytes.Length - at, random.Next(1, 700));
                decoder.Feed(bytes.AsSpan(at, n));
                at += n;
            }

            Assert.Equal(whole, decoder.Complete().Dump());
        }
    }

    [Fact]
    public void Encoded_receipt_decodes_back_to_its_content()
    {
        var doc = EscPosDecoder.Decode(FullReceipt("epson-tm-t88v"));
        Assert.Contains("Salgskvittering", doc.Text, StringComparison.Ordinal);
        Assert.Contains("Org.nr 123 456 789 MVA", doc.Text, StringComparison.Ordinal);
        Assert.Contains("Blåbærsyltetøy", doc.Text, StringComparison.Ordinal);
        var headline = doc.Blocks.OfType<DecodedTextLine>().First(l => l.Text == "Salgskvittering");
        Assert.Equal(TextAlign.Center, headline.Align);
        Assert.Equal(2, headline.Runs[0].Style.Height);
        Assert.Equal("R-KIOSK01-4711", Assert.Single(doc.Blocks.OfType<DecodedQr>()).Payload);
        var ean = Assert.Single(doc.Blocks.OfType<DecodedBarcode>());
        Assert.Equal(("EAN-13", "7038010055720"), (ean.Symbology, ean.Data));
        var logo = Assert.Single(doc.Blocks.OfType<DecodedImage>());
        Assert.Equal(360, logo.Image.Width); // 200 dots centred on 512: 156 dots of padding, rounded up to whole bytes
        Assert.Equal(60, logo.Image.Height);
        Assert.Single(doc.Blocks.OfType<DecodedCut>());
        Assert.Contains(doc.Blocks.OfType<DecodedCommand>(), c => c.Name == "drawer pulse (pin 2)");
    }

    [Fact]
    public void Code128_and_gs1_data_decode_back_to_the_input()
    {
        var caps = PrinterCapabilities.EpsonTmT88V;
        var doc = new ReceiptDocument(42,
        [
            new BarcodeElement(BarcodeSymbology.Code128, "AB12345{x}"),
            new BarcodeElement(BarcodeSymbology.Gs1_128, "0107038010055720" + "10AB1\u001D" + "17261231"),
        ]);
        var barcodes = EscPosDecoder.Decode(new EscPosEncoder().Encode(doc, caps)).Blocks.OfType<DecodedBarcode>().ToList();
        Assert.Equal(("CODE128", "AB12345{x}"), (barcodes[0].Symbology, barcodes[0].Data));
        Assert.Equal(("GS1-128", "010703801005572010AB1\u001D17261231"), (barcodes[1].Symbology, barcodes[1].Data));
    }

    [Fact]
    public void Unknown_commands_are_reported_with_their_offset_and_decoding_goes_on()
    {
        byte[] bytes = [0x41, 0x1B, 0xFE, 0x42, 0x0A, 0x1D, 0xF0, 0x43, 0x0A, 0x02, 0x1B, 0x40, 0x1D, 0x28, 0x6B];
        var doc = EscPosDecoder.Decode(bytes);
        Assert.Equal("AB\nC", doc.Text);
        Assert.Equal([1L, 5L, 9L, 12L], doc.Issues.Select(i => i.Offset));
        Assert.Contains("Truncated", doc.Issues[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Absurd_raster_sizes_are_reported_not_overflowed()
    {
        byte[] bytes = [0x1D, 0x76, 0x30, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x41, 0x0A];
        var doc = EscPosDecoder.Decode(bytes);
        Assert.Equal("A", doc.Text);
        Assert.Contains("implausible", Assert.Single(doc.Issues).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_garbage_never_crashes_and_is_split_invariant()
    {
        var random = new Random(42);
        for (var round = 0; round < 300; round++)
        {
            var bytes = new byte[random.Next(1, 400)];
            random.NextBytes(bytes);
            // Bias towards command bytes so the parser is exercised.
            for (var i = 0; i < bytes.Length; i += random.Next(1, 6))
            {
                bytes[i] = (byte)(new byte[] { 0x1B, 0x1D, 0x1C, 0x10, 0x0A })[random.Next(5)];
            }

            var whole = EscPosDecoder.Decode(bytes).Dump();
            var split = random.Next(bytes.Length + 1);
            var decoder = new EscPosDecoder();
            decoder.Feed(bytes.AsSpan(0, split));
            decoder.Feed(bytes.AsSpan(split));
            Assert.Equal(whole, decoder.Complete().Dump());
        }
    }

    [Fact]
    public void Text_in_the_default_table_after_init_is_pc437()
    {
        // ESC @ resets to PC437: 0x9B is ¢ there, not ø: the decoder shows what the paper would show.
        byte[] bytes = [0x1B, 0x74, 0x13, 0x9B, 0x0A, 0x1B, 0x40, 0x9B, 0x0A];
        Assert.Equal("ø\n¢", EscPosDecoder.Decode(bytes).Text);
    }
}
