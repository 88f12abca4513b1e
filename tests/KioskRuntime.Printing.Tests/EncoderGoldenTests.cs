using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.EscPos.Imaging;

namespace KioskRuntime.Printing.Tests;

public sealed class EncoderGoldenTests
{
    private static byte[] Encode(PrinterCapabilities caps, params ReceiptElement[] elements) =>
        new EscPosEncoder().Encode(new ReceiptDocument(caps.Columns, elements), caps);

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty));

    [Fact]
    public void Epson_starts_with_init_feed_button_off_and_pc858()
    {
        var bytes = Encode(PrinterCapabilities.EpsonTmT88V, new TextLine("Hei"));
        Assert.Equal(Hex("1B40 1B633501 1B7413 486569 0A"), bytes);
    }

    [Fact]
    public void Clone_cancels_chinese_mode_and_uses_pc865_then_1252_for_euro()
    {
        var bytes = Encode(PrinterCapabilities.Generic58mm, new TextLine("ø€"));
        // FS . after ESC @; PC865 (5) for ø = 9B, then WPC1252 (16) for € = 80.
        Assert.Equal(Hex("1B40 1C2E 1B7405 9B 1B7410 80 0A"), bytes);
    }

    [Fact]
    public void Star_line_mode_uses_esc_gs_t_and_its_own_alignment_and_cut()
    {
        var bytes = Encode(PrinterCapabilities.StarTsp143, new TextLine("Å", TextAlign.Center), new CutElement());
        Assert.Equal(Hex("1B40 1B1D7404 1B1D6101 8F 0A 1B6403"), bytes);
    }

    [Fact]
    public void Styles_and_sizes_are_sent_only_when_they_change()
    {
        var caps = PrinterCapabilities.EpsonTmT88V;
        var bytes = Encode(caps, new TextLine("A", TextAlign.Right, new TextStyle(Bold: true, Width: 2, Height: 2)), new TextLine("B", TextAlign.Right, new TextStyle(Bold: true, Width: 2, Height: 2)), new TextLine("C"));
        Assert.Equal(Hex("1B40 1B633501 1B7413 1B6102 1B4501 1D2111 41 0A 42 0A 1B6100 1B4500 1D2100 43 0A"), bytes);
    }

    [Fact]
    public void Columns_line_pads_to_the_profile_width()
    {
        var bytes = Encode(PrinterCapabilities.Generic58mm, new ColumnsLine("Melk", "kr 21,90"));
        var text = System.Text.Encoding.ASCII.GetString(bytes[7..^1]);
        Assert.Equal(32, text.Length);
        Assert.Equal("Melk" + new string(' ', 20) + "kr 21,90", text);
    }

    [Fact]
    public void Control_characters_in_text_never_reach_the_printer()
    {
        var bytes = Encode(PrinterCapabilities.EpsonTmT88V, new TextLine("A\u001B@B"));
        Assert.Equal(Hex("1B40 1B633501 1B7413 41 20 40 42 0A"), bytes);
    }

    [Fact]
    public void Ean13_gets_height_width_hri_and_check_digit()
    {
        var bytes = Encode(PrinterCapabilities.EpsonTmT88V, new BarcodeElement(BarcodeSymbology.Ean13, "703801005572"));
        Assert.Equal(Hex("1B40 1B633501 1B7413 1B6101 1D6850 1D7702 1D4802 1D6B430D") .Concat("7038010055720"u8.ToArray()), bytes);
    }

    [Fact]
    public void Ean13_with_a_wrong_check_digit_is_refused_with_the_element_index()
    {
        var e = Assert.Throws<EscPosEncodingException>(() => Encode(PrinterCapabilities.EpsonTmT88V, new TextLine("x"), new BarcodeElement(BarcodeSymbology.Ean13, "7038010055721")));
        Assert.Equal(1, e.ElementIndex);
        Assert.Contains("expected 0", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("12345678", "7B43 0C 22 38 4E")]
    [InlineData("AB12345", "7B42 41 42 31 7B43 17 2D")]
    [InlineData("AB12", "7B42 41 42 31 32")]
    [InlineData("a{b", "7B42 61 7B7B 62")]
    public void Code128_chooses_code_set_c_for_digit_runs(string data, string expected)
    {
        Assert.Equal(Hex(expected), EscPosEncoder.Code128Data(data, gs1: false));
    }

    [Fact]
    public void Gs1_128_starts_with_fnc1_and_separates_variable_fields_with_fnc1()
    {
        // (01)07038010055720(10)AB1 <GS> (17)261231
        var data = EscPosEncoder.Code128Data("0107038010055720" + "10AB1\u001D" + "17261231", gs1: true);
        Assert.Equal(Hex("7B43 7B31 01 07 03 50 0A 05 39 14 0A 7B42 41 42 31 7B31 7B43 11 1A 0C 1F"), data);
    }

    [Fact]
    public void Qr_is_model_2_size_level_store_print()
    {
        var bytes = Encode(PrinterCapabilities.EpsonTmT88V, new QrElement("AB", ModuleSize: 6, ErrorLevel: QrErrorLevel.Q));
        Assert.Equal(Hex("1B40 1B633501 1B7413 1B6101 1D286B0400314132 00 1D286B0300314306 1D286B0300314532 1D286B0500315030 4142 1D286B0300315130 0A"), bytes);
    }

    [Fact]
    public void Qr_falls_back_to_code128_on_a_printer_without_gs_paren_k()
    {
        var bytes = Encode(PrinterCapabilities.Generic58mm, new QrElement("R-1"));
        Assert.Equal(Hex("1D6B49 05 7B42 522D31"), bytes[^9..]);
    }

    [Fact]
    public void Cut_drawer_and_feed()
    {
        var bytes = Encode(PrinterCapabilities.EpsonTmT88V, new FeedElement(3), new DrawerPulseElement(2), new CutElement(Partial: true), new CutElement(Partial: false));
        Assert.Equal(Hex("1B40 1B633501 1B7413 1B6403 1B700019FA 1D564200 1D564100"), bytes);
    }

    [Fact]
    public void Printer_without_cutter_feeds_past_the_tear_bar()
    {
        var bytes = Encode(PrinterCapabilities.Generic58mm, new CutElement());
        Assert.Equal(Hex("1B6404"), bytes[^3..]);
    }

    [Fact]
    public void Raster_images_are_chunked_and_scaled_to_the_paper()
    {
        var caps = PrinterCapabilities.Generic58mm; // 384 dots, 128-row chunks
        var black = new GrayImage(768, 600, new byte[768 * 600]);
        var bytes = Encode(caps, new ImageElement(black, DitherMode.Threshold, TextAlign.Left));
        var headers = FindAll(bytes, Hex("1D763000"));
        // 768x600 scaled to 384x300: 128 + 128 + 44 rows of 48 bytes.
        Assert.Equal(3, headers.Count);
        Assert.Equal(Hex("1D763000 3000 8000"), bytes[headers[0]..(headers[0] + 8)]);
        Assert.Equal(Hex("1D763000 3000 2C00"), bytes[headers[2]..(headers[2] + 8)]);
        Assert.Equal(bytes.Length, headers[2] + 8 + (48 * 44));
        Assert.All(bytes[(headers[2] + 8)..], b => Assert.Equal(0xFF, b));
    }

    internal static List<int> FindAll(byte[] haystack, byte[] needle)
    {
        var found = new List<int>();
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                found.Add(i);
            }
        }

        return found;
    }
}
