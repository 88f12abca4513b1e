using KioskRuntime.Devices;
using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.EscPos.Decoding;
using KioskRuntime.Printing.EscPos.Imaging;
using KioskRuntime.Printing.EscPos.Rendering;
using KioskRuntime.Printing.EscPos.Status;
using KioskRuntime.Printing.Receipts;
using KioskRuntime.Printing.Receipts.Norway;
using ZXing;

namespace KioskRuntime.Printing.Tests;

/// <summary>
/// Star Line Mode bar codes, QR codes, bit-image logos and automatic status. Expected bytes are written from the command formats
/// in Star's "STAR Line Mode Command Specifications" (ESC b …RS, ESC GS y S/D/P, ESC X, automatic status bit tables), not from
/// our encoder's output.
/// </summary>
public sealed class StarLineModeTests
{
    private static readonly PrinterCapabilities Star = PrinterCapabilities.StarTsp143;

    private static byte[] Encode(params ReceiptElement[] elements) =>
        new EscPosEncoder().Encode(new ReceiptDocument(Star.Columns, elements), Star);

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty));

    private static byte[] Ascii(string text) => System.Text.Encoding.ASCII.GetBytes(text);

    // ESC @, then ESC GS t 4 (PC858): every Star job starts so.
    private const string Init = "1B40 1B1D7404";

    [Fact]
    public void Ean13_is_esc_b_type_3_with_hri_module_height_digits_and_rs()
    {
        var bytes = Encode(new BarcodeElement(BarcodeSymbology.Ean13, "703801005572", HeightDots: 80, ModuleWidth: 3));
        // ESC GS a 1 centre; ESC b '3' (JAN/EAN13) '2' (characters under, feed) '2' (3-dot module) 80; 13 digits; RS.
        Assert.Equal([.. Hex($"{Init} 1B1D6101 1B62 33 32 32 50"), .. Ascii("7038010055720"), 0x1E], bytes);
    }

    [Fact]
    public void Code128_is_esc_b_type_6_with_the_plain_ascii_data()
    {
        var bytes = Encode(new BarcodeElement(BarcodeSymbology.Code128, "KRT:K1:42", HeightDots: 64));
        Assert.Equal([.. Hex($"{Init} 1B1D6101 1B62 36 32 31 40"), .. Ascii("KRT:K1:42"), 0x1E], bytes);
    }

    [Fact]
    public void Gs1_128_has_no_line_mode_notation_and_prints_as_text()
    {
        var text = ReceiptPreview.Text(Encode(new BarcodeElement(BarcodeSymbology.Gs1_128, "0107038010055720\u001D10AB1")), Star);
        Assert.Contains("0107038010055720 10AB1", text, StringComparison.Ordinal);
        Assert.Empty(EncoderGoldenTests.FindAll(Encode(new BarcodeElement(BarcodeSymbology.Gs1_128, "0107038010055720")), Hex("1B62")));
    }

    [Fact]
    public void Qr_sets_model_level_cell_size_then_data_with_automatic_analysis_then_prints()
    {
        var bytes = Encode(new QrElement("KRT:K1:42", ModuleSize: 6, ErrorLevel: QrErrorLevel.Q));
        Assert.Equal(
            [
                .. Hex($"{Init} 1B1D6101"),
                .. Hex("1B1D7953 30 02"), // model 2
                .. Hex("1B1D7953 31 02"), // level Q
                .. Hex("1B1D7953 32 06"), // cell 6 dots
                .. Hex("1B1D7944 31 00 0900"), .. Ascii("KRT:K1:42"), // automatic analysis, 9 bytes
                .. Hex("1B1D7950"), // print
            ],
            bytes);
    }

    [Fact]
    public void Qr_cell_size_is_clamped_to_the_line_mode_maximum_of_8()
    {
        var bytes = Encode(new QrElement("A", ModuleSize: 12));
        Assert.Single(EncoderGoldenTests.FindAll(bytes, Hex("1B1D7953 32 08")));
    }

    [Fact]
    public void Logo_is_esc_x_strips_of_24_dots_at_3mm_line_feed()
    {
        // 10 × 30 black, left aligned: two strips; the second has 6 rows, so its columns are FF FC 00.
        var black = new GrayImage(10, 30, new byte[300]);
        var bytes = Encode(new ImageElement(black, DitherMode.Threshold, TextAlign.Left));
        var strip1 = string.Concat(Enumerable.Repeat("FFFFFF", 10));
        var strip2 = string.Concat(Enumerable.Repeat("FC0000", 10));
        Assert.Equal(Hex($"{Init} 1B30 1B580A00 {strip1} 0A 1B580A00 {strip2} 0A 1B7A01"), bytes);
    }

    [Fact]
    public void Star_logo_decodes_to_the_same_dots_as_the_escpos_raster_of_the_same_paper_width()
    {
        var logo = SampleReceipts.Logo(200, 60);
        var star = EscPosDecoder.Decode(Encode(new ImageElement(logo)), PrinterDialect.StarLine);
        var epson = ReceiptPreview.Decode(new EscPosEncoder().Encode(new ReceiptDocument(48, [new ImageElement(logo)]), PrinterCapabilities.EpsonTmT20III), PrinterCapabilities.EpsonTmT20III);
        Assert.Empty(star.Issues);
        // Three strips (60 rows → 24 + 24 + 12 padded to 24), printed one under the other: one picture, no empty lines from the LFs.
        var picture = Assert.Single(star.Blocks.OfType<DecodedImage>()).Image;
        Assert.Equal(72, picture.Height);
        Assert.DoesNotContain(star.Blocks, b => b is DecodedTextLine);
        var raster = Assert.Single(epson.Blocks.OfType<DecodedImage>()).Image;
        for (var y = 0; y < 72; y++)
        {
            for (var x = 0; x < picture.Width; x++)
            {
                var expected = y < raster.Height && x < raster.Width && raster.IsBlack(x, y);
                Assert.True(picture.IsBlack(x, y) == expected, $"dot ({x},{y})");
            }
        }
    }

    [Fact]
    public void Star_receipt_previews_show_the_return_code_as_a_scannable_qr_and_the_ean_as_bars()
    {
        var receipt = SampleReceipts.Sale() with { ReturnCode = "KRT:kiosk-01:4711" };
        var format = ReceiptFormat.For(Star) with { Logo = SampleReceipts.Logo() };
        var doc = NorwegianReceiptLayout.Compose(receipt, format);
        var bytes = new EscPosEncoder().Encode(new ReceiptDocument(Star.Columns, [.. doc.Elements, new BarcodeElement(BarcodeSymbology.Ean13, "7038010055720")]), Star);

        var decoded = ReceiptPreview.Decode(bytes, Star);
        Assert.Empty(decoded.Issues);
        var qr = Assert.Single(decoded.Blocks.OfType<DecodedQr>());
        Assert.Equal(("KRT:kiosk-01:4711", 6, 'M', TextAlign.Center), (qr.Payload, qr.ModuleSize, qr.ErrorLevel, qr.Align));
        var ean = Assert.Single(decoded.Blocks.OfType<DecodedBarcode>());
        Assert.Equal(("EAN-13", "7038010055720"), (ean.Symbology, ean.Data));

        var png = PreviewScan.ReadPng(ReceiptPreview.Png(bytes, Star));
        Assert.Equal("KRT:kiosk-01:4711", PreviewScan.Scan(png, BarcodeFormat.QR_CODE)?.Text);
        Assert.Equal("7038010055720", PreviewScan.Scan(png, BarcodeFormat.EAN_13)?.Text);
    }

    [Fact]
    public void Malformed_star_commands_are_reported_and_decode_the_same_at_every_split()
    {
        byte[] bytes =
        [
            .. Hex("1B40"),
            .. Hex("1B62 39 32 31 50"), .. Ascii("123"), 0x1E, // type 9 does not exist: discarded up to RS
            .. Hex("1B58 0000"), // ESC X with no columns
            .. Hex("1B1D7953 31 09"), // level 9
            .. Hex("1B1D7950"), // print with no data
            .. Hex("1B1D7944 31 00 0000"), // zero-length data
            .. Hex("1B1D7944 32 00"), // manual analysis: not decoded
            .. Hex("1B62 36 32 31 50"), .. Enumerable.Repeat((byte)'A', 300), // no RS within 255 bytes
            .. Hex("1B1D7944 31 00 0500 41"), // truncated at the end
        ];
        var whole = EscPosDecoder.Decode(bytes, PrinterDialect.StarLine);
        Assert.Empty(whole.Blocks.OfType<DecodedBarcode>());
        Assert.Empty(whole.Blocks.OfType<DecodedQr>());
        Assert.Contains(whole.Issues, i => i.Message.Contains("out of range; bar code discarded", StringComparison.Ordinal));
        Assert.Contains(whole.Issues, i => i.Message.Contains("ESC X with 0 columns", StringComparison.Ordinal));
        Assert.Contains(whole.Issues, i => i.Message.Contains("ESC GS y S 1 9", StringComparison.Ordinal));
        Assert.Contains(whole.Issues, i => i.Message.Contains("no QR data", StringComparison.Ordinal));
        Assert.Contains(whole.Issues, i => i.Message.Contains("with 0 bytes", StringComparison.Ordinal));
        Assert.Contains(whole.Issues, i => i.Message.Contains("only automatic analysis", StringComparison.Ordinal));
        Assert.Contains(whole.Issues, i => i.Message.Contains("without RS", StringComparison.Ordinal));
        Assert.Contains(whole.Issues, i => i.Message.StartsWith("Truncated", StringComparison.Ordinal));
        for (var split = 0; split <= bytes.Length; split++)
        {
            var decoder = new EscPosDecoder(PrinterDialect.StarLine);
            decoder.Feed(bytes.AsSpan(0, split));
            decoder.Feed(bytes.AsSpan(split));
            Assert.True(whole.Dump() == decoder.Complete().Dump(), $"split at {split}");
        }
    }

    // Automatic status frames: header 1 0x0F = 7 bytes; header 2 0x04 (version 2); then printer status 1–5.
    [Theory]
    [InlineData("0F04 00 00 00 00 00", PrinterCondition.Ready)]
    [InlineData("0F04 00 00 00 04 00", PrinterCondition.PaperNearEnd)] // status 4 bit 2: near end (inner)
    [InlineData("0F04 00 00 00 02 00", PrinterCondition.PaperNearEnd)] // status 4 bit 1: near end (outer)
    [InlineData("0F04 08 00 00 08 00", PrinterCondition.PaperOut)] // offline because of paper end
    [InlineData("0F04 28 00 00 00 00", PrinterCondition.CoverOpen)] // status 1 bit 5 (and offline)
    [InlineData("0F04 08 08 00 00 00", PrinterCondition.CutterError)] // status 2 bit 3
    [InlineData("0F04 08 00 00 00 00", PrinterCondition.Offline)] // status 1 bit 3
    [InlineData("0F04 00 40 00 00 00", PrinterCondition.Offline)] // status 2 bit 6: stopped by head temperature
    [InlineData("0F04 00 20 00 00 00", PrinterCondition.Offline)] // status 2 bit 5: unrecoverable error
    [InlineData("2386 00 00 00 08 00 00 00 0000", PrinterCondition.PaperOut)] // 9 bytes, Ethernet extension with no data
    public void Automatic_status_maps_to_the_printer_condition(string frame, PrinterCondition condition)
    {
        var reader = new StarStatusReader();
        reader.Feed(Hex(frame));
        Assert.Equal(condition, reader.Condition);
        Assert.Equal(1, reader.Frames);
        Assert.Equal(0, reader.MalformedBytes);
    }

    [Fact]
    public void No_status_is_unknown_and_header_byte_counts_follow_bits_1_to_3_and_5()
    {
        Assert.Equal(PrinterCondition.Unknown, new StarStatusReader().Condition);
        Assert.Equal(7, StarStatusReader.FrameLength(0x0F));
        Assert.Equal(8, StarStatusReader.FrameLength(0x21));
        Assert.Equal(9, StarStatusReader.FrameLength(0x23));
        Assert.False(StarStatusReader.IsHeader(0x12)); // an Epson DLE EOT reply is not a Star header
        Assert.False(StarStatusReader.IsHeader(0x03)); // announces 1 byte: too short to be a status
    }

    [Fact]
    public void Status_stream_with_garbage_extensions_and_etb_counter_reads_the_same_at_every_split()
    {
        byte[] stream =
        [
            .. Hex("FF 12 80"), // noise: not headers
            .. Hex("0F04 00 00 00 04"), // cut short by the next header
            .. Hex("2386 00 00 00 00 00 00 00 0004 0F 23 21 01"), // Ethernet extension: 4 bytes of other status data that look like headers
            .. Hex("2306 28 00 00 08 00 4A 00"), // cover open + paper end; status 6 = ETB counter bits 1,3 (5) and 6 (16): 21
        ];
        var whole = new StarStatusReader();
        whole.Feed(stream);
        Assert.Equal(PrinterCondition.PaperOut, whole.Condition);
        Assert.Equal(true, whole.Status.CoverOpen);
        Assert.Equal(2, whole.Frames);
        Assert.Equal(21, whole.EtbCounter);
        Assert.Equal(3 + 6, whole.MalformedBytes);
        for (var split = 0; split <= stream.Length; split++)
        {
            var reader = new StarStatusReader();
            reader.Feed(stream.AsSpan(0, split));
            reader.Feed(stream.AsSpan(split));
            Assert.Equal((whole.Status, whole.Frames, whole.EtbCounter, whole.MalformedBytes), (reader.Status, reader.Frames, reader.EtbCounter, reader.MalformedBytes));
        }
    }

    [Fact]
    public void A_frame_that_is_not_star_status_is_refused_with_its_bytes_named()
    {
        var e = Assert.Throws<ArgumentException>(() => PrinterStatus.None.WithStarAsb(Hex("0F04 00 00")));
        Assert.Contains("0F040000", e.Message, StringComparison.Ordinal);
    }
}
