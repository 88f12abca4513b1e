using KioskRuntime.Barcodes;
using KioskRuntime.Barcodes.Gs1;

namespace KioskRuntime.Barcodes.Tests;

public sealed class Gs1ElementStringTests
{
    private const char GS = '\u001D';

    [Fact]
    public void Fixed_length_elements_need_no_separator()
    {
        Gs1ElementString s = Gs1ElementString.Parse("01070380100016593103001250" + "10ABC123");
        Assert.Equal(["01", "3103", "10"], s.Elements.Select(e => e.Ai));
        Assert.Equal(Gtin.Parse("7038010001659"), s.Gtin);
        Assert.Equal(1.250m, s.NetWeightKg);
        Assert.Equal("1.250", s.NetWeightKg!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("ABC123", s.Batch);
        Assert.Equal("001250", s.Elements[1].RawValue);
    }

    [Fact]
    public void Variable_length_elements_end_at_GS_unless_last()
    {
        Gs1ElementString s = Gs1ElementString.Parse($"10BATCH7{GS}0107038010001659" + "17270200" + $"21SER/1{GS}3012");
        Assert.Equal("BATCH7", s.Batch);
        Assert.Equal(new Gs1Date(27, 2, 0), s.Expiry);
        Assert.True(s.Expiry!.Value.IsEndOfMonth);
        Assert.Equal("SER/1", s.Serial);
        Assert.Equal(12, s.Count);
    }

    [Theory]
    [InlineData("3922" + "2495", "24.95", null)]
    [InlineData("3920" + "2495", "2495", null)]
    [InlineData("3932" + "578" + "2495", "24.95", "578")]
    [InlineData("3935" + "578" + "123456789012345", "1234567890.12345", "578")]
    public void Prices_with_and_without_currency(string data, string price, string? currency)
    {
        Gs1ElementString s = Gs1ElementString.Parse("0107038010001659" + data);
        Assert.Equal(decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture), s.Price);
        Assert.Equal(currency, s.PriceCurrency);
    }

    [Fact]
    public void Every_supported_kind_has_its_typed_value()
    {
        string data = "00106141411234567897" + "0217038010001656" + "11250131" + "13240229" + "15271231" + "16270115"
            + "2001" + $"240ADD-ID{GS}" + $"3712{GS}" + "3303000123" + "3612123456" + $"400PO(42){GS}" + "4107038010000003"
            + "70032701311530";
        Gs1ElementString s = Gs1ElementString.Parse(data);
        Dictionary<string, Gs1Value> v = s.Elements.ToDictionary(e => e.Ai, e => e.Value);
        Assert.Equal(new Gs1KeyValue("106141411234567897"), v["00"]);
        Assert.Equal(new Gs1GtinValue(Gtin.Parse("17038010001656")), v["02"]);
        Assert.Equal(new Gs1DateValue(new Gs1Date(25, 1, 31)), v["11"]);
        Assert.Equal(new Gs1DateValue(new Gs1Date(24, 2, 29)), v["13"]); // Feb 29 allowed when YY % 4 == 0
        Assert.Equal(new Gs1DateValue(new Gs1Date(27, 12, 31)), v["15"]);
        Assert.Equal(new Gs1DateValue(new Gs1Date(27, 1, 15)), v["16"]);
        Assert.Equal(new Gs1TextValue("01"), v["20"]);
        Assert.Equal(new Gs1TextValue("ADD-ID"), v["240"]);
        Assert.Equal(new Gs1CountValue(12), v["37"]);
        Assert.Equal(new Gs1MeasureValue(0.123m), v["3303"]);
        Assert.Equal(new Gs1MeasureValue(1234.56m), v["3612"]);
        Assert.Equal(new Gs1TextValue("PO(42)"), v["400"]);
        Assert.Equal(new Gs1KeyValue("7038010000003"), v["410"]);
        Assert.Equal(new Gs1DateTimeValue(new Gs1Date(27, 1, 31), 15, 30), v["7003"]);
        Assert.Null(s.Gtin); // 02 is not the item's own GTIN
    }

    [Theory]
    [InlineData("9912345", "unknown or unsupported application identifier (99)", 0)]
    [InlineData("01070380100016597105ABC", "unknown or unsupported application identifier (710)", 16)]
    [InlineData("3106001250", "unknown or unsupported application identifier (3106)", 0)]
    [InlineData("0107038010001658", "AI (01) check digit 8, expected 9", 15)]
    [InlineData("00106141411234567890", "AI (00) check digit 0, expected 7", 19)]
    [InlineData("010703801000", "AI (01) needs exactly 14 characters, got 10", 2)]
    [InlineData("17271301", "AI (17) month 13 is not 01–12", 4)]
    [InlineData("17270230", "AI (17) day 30 does not exist in month 02", 6)]
    [InlineData("17250229", "AI (17) day 29 does not exist in month 02", 6)]
    [InlineData("70032701002430", "AI (7003) day 00 is not allowed here", 8)]
    [InlineData("70032701312430", "AI (7003) hour 24 is not 00–23", 10)]
    [InlineData("70032701312360", "AI (7003) minute 60 is not 00–59", 12)]
    [InlineData("31030012X0", "AI (3103) must be digits, found 'X'", 8)]
    [InlineData("10AB CD", "AI (10) contains ' ', which is not in the GS1 character set 82", 4)]
    [InlineData("10ABCDEFGHIJKLMNOPQRSTU", "AI (10) needs 1 to 20 characters, got 21", 2)]
    [InlineData("30123456789", "AI (30) needs 1 to 8 characters, got 9", 2)]
    [InlineData("3932578", "AI (3932) needs 4 to 18 characters, got 3", 4)]
    [InlineData("0107038010001659A", "expected an application identifier (2–4 digits), found 'A'", 16)]
    [InlineData("10A\u001D\u001D01", "expected an application identifier, found an empty element (GS)", 4)]
    [InlineData("10A\u001D10B", "AI (10) appears twice with different values", 4)]
    [InlineData("01070380\u001D10001659", "AI (01) needs exactly 14 characters, got 6 before a GS", 8)]
    [InlineData("10\u001D", "AI (10) needs 1 to 20 characters, got 0", 2)]
    [InlineData("01070380100016591", "the data ends inside an application identifier", 16)]
    public void Errors_name_what_and_where(string data, string reason, int offset)
    {
        Assert.False(Gs1ElementString.TryParse(data, out _, out BarcodeParseError? error));
        Assert.Equal(reason, error!.Reason);
        Assert.Equal(offset, error.Offset);
        var ex = Assert.Throws<BarcodeFormatException>(() => Gs1ElementString.Parse(data));
        Assert.Equal(offset, ex.Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\u001D")]
    public void Empty_input_is_an_error(string data)
        => Assert.False(Gs1ElementString.TryParse(data, out _, out _));

    [Fact]
    public void Tolerates_leading_trailing_and_fixed_length_separators()
    {
        Gs1ElementString s = Gs1ElementString.Parse($"{GS}0107038010001659{GS}10ABC{GS}");
        Assert.Equal("ABC", s.Batch);
        Assert.Equal("0107038010001659" + "10ABC", s.ToString());
    }

    [Fact]
    public void Identical_repeat_is_kept_once()
    {
        Gs1ElementString s = Gs1ElementString.Parse($"10A{GS}10A");
        Assert.Single(s.Elements);
    }

    [Fact]
    public void Bracketed_form_parses_to_the_same_elements()
    {
        Gs1ElementString raw = Gs1ElementString.Parse($"0107038010001659" + "3103001250" + $"10AB(1{GS}17270131");
        Gs1ElementString bracketed = Gs1ElementString.ParseBracketed(@"(01)07038010001659(3103)001250(10)AB\(1(17)270131");
        Assert.Equal(raw.Elements, bracketed.Elements);
        Assert.Equal(@"(01)07038010001659(3103)001250(10)AB\(1(17)270131", raw.ToBracketedString());
        Assert.Equal(raw.ToString(), bracketed.ToString());
    }

    [Theory]
    [InlineData("01)07038010001659", "expected '(' to open an application identifier, found '0'", 0)]
    [InlineData("(01", "'(' without a closing ')'", 0)]
    [InlineData("(0A)1", "application identifier must be digits, found 'A'", 2)]
    [InlineData("(01)07038010001659(99)1", "unknown or unsupported application identifier (99)", 18)]
    [InlineData("(011)07038010001659", "unknown or unsupported application identifier (011)", 0)]
    [InlineData("(10)A\u001DB", "GS is not allowed in the bracketed form", 5)]
    [InlineData("(01)07038010001658", "AI (01) check digit 8, expected 9", 17)]
    [InlineData("(01)0703801000165", "AI (01) needs exactly 14 characters, got 13", 4)]
    [InlineData(@"(10)\(\(A B", "AI (10) contains ' ', which is not in the GS1 character set 82", 9)]
    public void Bracketed_errors_name_what_and_where(string text, string reason, int offset)
    {
        Assert.False(Gs1ElementString.TryParseBracketed(text, out _, out BarcodeParseError? error));
        Assert.Equal(reason, error!.Reason);
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void TryGet_finds_by_exact_ai()
    {
        Gs1ElementString s = Gs1ElementString.Parse("0107038010001659" + "3103001250");
        Assert.True(s.TryGet("3103", out Gs1Element? weight));
        Assert.Equal(new Gs1MeasureValue(1.25m), weight.Value);
        Assert.False(s.TryGet("310", out _));
    }
}

public sealed class Gs1ElementStringImmutabilityTests
{
    [Fact]
    public void Elements_cannot_be_cast_back_to_a_mutable_array()
    {
        Gs1ElementString s = Gs1ElementString.Parse("0107038010001659");
        Assert.False(s.Elements is Gs1Element[]);
        Assert.Throws<NotSupportedException>(() => ((IList<Gs1Element>)s.Elements)[0] = s.Elements[0]);
    }
}
