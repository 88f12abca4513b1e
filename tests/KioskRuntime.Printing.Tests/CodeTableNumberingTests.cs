using System.Text;
using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.EscPos.Decoding;

namespace KioskRuntime.Printing.Tests;

/// <summary>Every code table of both command sets: selected by number, encoded, decoded back; and the numbers the manuals give.</summary>
public sealed class CodeTableNumberingTests
{
    private const string Sample = "Kvittering 24,90";

    public static TheoryData<PrinterDialect, byte> EveryNumber()
    {
        var data = new TheoryData<PrinterDialect, byte>();
        foreach (var n in CodeTableNumbers.Epson.Keys.Order())
        {
            data.Add(PrinterDialect.EscPos, n);
        }

        foreach (var n in CodeTableNumbers.Star.Keys.Order())
        {
            data.Add(PrinterDialect.StarLine, n);
        }

        return data;
    }

    /// <summary>
    /// The encoder's writer selects the table with the profile's number and writes the table's bytes; the decoder, knowing only the
    /// command set's numbering, gives the same text back: ASCII, every character the table can print, and € and æøå where it has them.
    /// </summary>
    [Theory]
    [MemberData(nameof(EveryNumber))]
    public void Every_table_round_trips_through_encoder_and_decoder(PrinterDialect dialect, byte number)
    {
        var numbering = dialect == PrinterDialect.StarLine ? CodeTableNumbers.Star : CodeTableNumbers.Epson;
        var table = numbering[number];
        var caps = (dialect == PrinterDialect.StarLine ? PrinterCapabilities.StarTsp143 : PrinterCapabilities.Default)
            with { Name = "one-table", CodeTables = [(table, number)] };
        var lines = new List<string> { Sample };
        var nordic = new string([.. "€æøåÆØÅ".Where(table.CanEncode)]);
        if (nordic.Length > 0)
        {
            lines.Add(nordic);
        }

        var printable = Enumerable.Range(0x80, 0x80).Select(b => table.ToUnicode((byte)b))
            .Where(t => t.Length == 1 && table.TryEncode(t[0], out _) && !char.IsWhiteSpace(t[0]) && !char.IsControl(t[0]))
            .Select(t => t[0]).Distinct().ToArray();
        lines.AddRange(printable.Chunk(16).Select(c => new string(c)));

        var writer = new CommandWriter(caps);
        writer.Initialize(disableFeedButton: false);
        writer.SelectTable(table);
        foreach (var line in lines)
        {
            foreach (var c in line)
            {
                Assert.True(table.TryEncode(c, out var b), $"{table.Name} cannot encode U+{(int)c:X4}");
                writer.Raw(b);
            }

            writer.LineFeed();
        }

        var decoded = EscPosDecoder.Decode(writer.ToArray(), dialect);
        Assert.Empty(decoded.Issues);
        Assert.Equal(string.Join("\n", lines), decoded.Text);
    }

    [Theory]
    [InlineData(0, "PC437")]
    [InlineData(2, "PC850")]
    [InlineData(5, "PC865")]
    [InlineData(13, "PC857")]
    [InlineData(16, "WPC1252")]
    [InlineData(19, "PC858")]
    [InlineData(35, "PC861")]
    [InlineData(40, "ISO8859-15")]
    public void Epson_numbers_are_the_manuals(byte number, string name) => Assert.Equal(name, CodeTableNumbers.Epson[number].Name);

    [Theory]
    [InlineData(0, "PC437")]
    [InlineData(4, "PC858")]
    [InlineData(9, "PC865")]
    [InlineData(32, "WPC1252")]
    public void Star_numbers_are_the_manuals(byte number, string name) => Assert.Equal(name, CodeTableNumbers.Star[number].Name);

    [Fact]
    public void Pc857_has_the_euro_at_d5_as_printers_do()
    {
        Assert.True(CodeTable.Pc857.TryEncode('€', out var b));
        Assert.Equal(0xD5, b);
        Assert.Equal("€", CodeTable.Pc857.ToUnicode(0xD5));
        Assert.True(CodeTable.Pc857.TryEncode('ø', out var o));
        Assert.Equal(0x9B, o);
    }

    /// <summary>What other encoders send for "€ 24,90": ESC @, ESC t 13 (PC857), D5.</summary>
    [Fact]
    public void A_stream_that_picked_pc857_for_the_euro_decodes()
    {
        byte[] bytes = [0x1B, 0x40, 0x1B, 0x74, 13, 0xD5, .. Encoding.ASCII.GetBytes(" 24,90"), 0x0A];
        var decoded = EscPosDecoder.Decode(bytes);
        Assert.Empty(decoded.Issues);
        Assert.Equal("€ 24,90", decoded.Text);
    }

    [Fact]
    public void Iso8859_15_has_the_euro_at_a4_and_nordic_letters_where_latin1_has_them()
    {
        var iso = CodeTableNumbers.Epson[40];
        Assert.Equal([0xA4, 0xE6, 0xF8, 0xE5, 0xC6, 0xD8, 0xC5], "€æøåÆØÅ".Select(c => iso.TryEncode(c, out var b) ? b : (byte)0));
    }

    [Theory]
    [InlineData(PrinterDialect.EscPos, new byte[] { 0x1B, 0x74, 1 }, "Code table 1 (Katakana) has no mapping here; text stays in PC437")]
    [InlineData(PrinterDialect.EscPos, new byte[] { 0x1B, 0x74, 99 }, "Code table 99 is not known; text stays in PC437")]
    [InlineData(PrinterDialect.StarLine, new byte[] { 0x1B, 0x1D, 0x74, 2 }, "Code table 2 (Katakana) has no mapping here; text stays in PC437")]
    public void A_table_without_a_mapping_is_named_and_the_text_stays_in_the_current_one(PrinterDialect dialect, byte[] select, string issue)
    {
        var decoded = EscPosDecoder.Decode([.. select, (byte)'A', 0x0A], dialect);
        Assert.Equal(issue, Assert.Single(decoded.Issues).Message);
        Assert.Equal("A", decoded.Text);
    }

    [Fact]
    public void Every_profile_selects_only_numbers_its_command_set_defines()
    {
        foreach (var name in PrinterCapabilities.KnownNames)
        {
            var caps = PrinterCapabilities.Get(name);
            var numbering = caps.Dialect == PrinterDialect.StarLine ? CodeTableNumbers.Star : CodeTableNumbers.Epson;
            foreach (var (table, number) in caps.CodeTables)
            {
                Assert.Same(numbering[number], table);
            }
        }
    }
}
