using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.EscPos.Decoding;

namespace KioskRuntime.Printing.Tests;

public sealed class CodeTableTests
{
    public static TheoryData<string> Profiles() => [.. PrinterCapabilities.KnownNames];

    [Theory]
    [InlineData(850)]
    [InlineData(858)]
    [InlineData(865)]
    public void Dos_tables_put_nordic_letters_where_the_manuals_say(int codePage)
    {
        var table = CodeTable.All.Single(t => t.CodePage == codePage);
        byte[] expected = [0x91, 0x9B, 0x86, 0x92, 0x9D, 0x8F];
        var actual = "æøåÆØÅ".Select(c => table.TryEncode(c, out var b) ? b : (byte)0).ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Euro_is_d5_in_pc858_and_80_in_wpc1252_and_absent_from_865_850_437()
    {
        Assert.True(CodeTable.Pc858.TryEncode('€', out var b858));
        Assert.Equal(0xD5, b858);
        Assert.True(CodeTable.Wpc1252.TryEncode('€', out var b1252));
        Assert.Equal(0x80, b1252);
        Assert.False(CodeTable.Pc865.CanEncode('€'));
        Assert.False(CodeTable.Pc850.CanEncode('€'));
        Assert.False(CodeTable.Pc437.CanEncode('ø'));
    }

    [Fact]
    public void Wpc1252_nordic_letters()
    {
        var actual = "æøåÆØÅ".Select(c => CodeTable.Wpc1252.TryEncode(c, out var b) ? b : (byte)0).ToArray();
        Assert.Equal([0xE6, 0xF8, 0xE5, 0xC6, 0xD8, 0xC5], actual);
    }

    /// <summary>Every Nordic letter and € through every code table each profile claims: encode forced to that table, decode, same text.</summary>
    [Theory]
    [MemberData(nameof(Profiles))]
    public void Every_nordic_letter_and_euro_round_trips_on_every_table_of_every_profile(string profile)
    {
        var caps = PrinterCapabilities.Get(profile);
        foreach (var table in caps.PreferredTables)
        {
            var only = caps with { CodeTables = [.. caps.CodeTables.Where(t => ReferenceEquals(t.Table, table))] };
            var bytes = new EscPosEncoder().Encode(new ReceiptDocument(32, [new TextLine("æøåÆØÅ€ Blåbærsyltetøy")]), only);
            var decoded = EscPosDecoder.Decode(bytes, caps.Dialect);
            var expected = table.CanEncode('€') ? "æøåÆØÅ€ Blåbærsyltetøy" : "æøåÆØÅEUR Blåbærsyltetøy";
            Assert.Equal(expected, decoded.Text);
            Assert.Empty(decoded.Issues);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Mixed_text_prints_right_on_every_profile_switching_tables_where_needed(string profile)
    {
        var caps = PrinterCapabilities.Get(profile);
        var text = "Blåbærsyltetøy – 24,90 € ÆØÅ";
        var bytes = new EscPosEncoder().Encode(new ReceiptDocument(caps.Columns, [new TextLine(text)]), caps);
        Assert.Equal(text, EscPosDecoder.Decode(bytes, caps.Dialect).Text);
    }

    [Fact]
    public void A_printer_with_only_pc437_gets_transliteration()
    {
        var caps = PrinterCapabilities.Default with { Name = "pc437-only", CodeTables = [(CodeTable.Pc437, 0)] };
        var bytes = new EscPosEncoder().Encode(new ReceiptDocument(42, [new TextLine("Blåbærsyltetøy Øl Æble €5")]), caps);
        Assert.Equal("Blaabaersyltetoy Ol AEble EUR5", EscPosDecoder.Decode(bytes).Text);
    }

    [Fact]
    public void Unknown_profile_names_the_known_ones()
    {
        var e = Assert.Throws<UnknownPrinterProfileException>(() => PrinterCapabilities.Get("epson-tm-t99"));
        Assert.Contains("epson-tm-t99", e.Message, StringComparison.Ordinal);
        foreach (var name in new[] { "epson-tm-t20iii", "epson-tm-t88v", "epson-tm-t88vi", "star-tsp143", "generic-58mm", "default" })
        {
            Assert.Contains(name, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Profiles_are_found_case_insensitively_with_their_geometry()
    {
        Assert.Equal(32, PrinterCapabilities.Get("GENERIC-58MM").Columns);
        Assert.Equal(384, PrinterCapabilities.Generic58mm.PaperWidthDots);
        Assert.Equal(48, PrinterCapabilities.EpsonTmT20III.Columns);
        Assert.Equal(PrinterDialect.StarLine, PrinterCapabilities.StarTsp143.Dialect);
    }
}
