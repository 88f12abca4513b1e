using KioskRuntime.Barcodes;
using KioskRuntime.Barcodes.Gs1;
using KioskRuntime.Barcodes.VariableMeasure;

namespace KioskRuntime.Barcodes.Tests;

public sealed class BarcodeInterpreterTests
{
    private const char GS = '\u001D';

    private readonly BarcodeInterpreter _interpreter = new(
    [
        VariableMeasureTemplateTests.SwedishWeight3Decimals,
        VariableMeasureTemplateTests.PriceWithFiveDigitVerifier,
        VariableMeasureTemplateTests.PriceWithFourDigitVerifier,
    ]);

    [Theory]
    [InlineData("7038010001659", "]E0")]
    [InlineData("7038010001659", null)]
    [InlineData("7038010001659\r\n", null)]
    [InlineData("7038010001659\n", "]E0")]
    [InlineData("07038010001659", null)]
    [InlineData("07038010001659", "]I1")]
    public void Ean13_is_a_product(string data, string? aim)
        => Assert.Equal(new ProductCode(Gtin.Parse("7038010001659")), _interpreter.Interpret(data, aim));

    [Fact]
    public void Upc_a_and_ean_8_are_products()
    {
        Assert.Equal(new ProductCode(Gtin.Parse("036000291452")), _interpreter.Interpret("036000291452", "]E0"));
        Assert.Equal(new ProductCode(Gtin.Parse("96385074")), _interpreter.Interpret("96385074", "]E4"));
        Assert.Equal(new ProductCode(Gtin.Parse("96385074")), _interpreter.Interpret("96385074", null));
    }

    [Fact]
    public void Eight_digits_are_upc_e_only_with_the_aim_id_that_says_so()
    {
        // 01234565 is a valid UPC-E (UPC-A 012345000065) and also a check-digit-valid EAN-8.
        Assert.True(GtinCheckDigit.IsValid("01234565"));
        Assert.Equal(new ProductCode(Gtin.Parse("012345000065")), _interpreter.Interpret("01234565", "]E0"));
        Assert.Equal(new ProductCode(Gtin.Parse("01234565")), _interpreter.Interpret("01234565", "]E4"));
        Assert.Equal(new ProductCode(Gtin.Parse("01234565")), _interpreter.Interpret("01234565", null));
    }

    [Theory]
    [InlineData("703801000165959", "7038010001659", "59")]
    [InlineData("703801000165912345", "7038010001659", "12345")]
    [InlineData("03600029145212", "036000291452", "12")]
    [InlineData("0425261412345", "042100005264", "12345")]
    public void Add_on_is_split_off(string data, string main, string addOn)
        => Assert.Equal(new ProductCode(Gtin.Parse(main), addOn), _interpreter.Interpret(data, "]E3"));

    [Theory]
    [InlineData("7038010001653", null, "check digit 3, expected 9", 12)]
    [InlineData("7038010001653", "]E0", "check digit 3, expected 9", 12)]
    [InlineData("96385075", "]E4", "check digit 5, expected 4", 7)]
    [InlineData("04252615", "]E0", "UPC-E: check digit 5, expected 4", 7)]
    [InlineData("21234565", "]E0", "UPC-E: UPC-E number system must be 0 or 1, got 2", 0)]
    [InlineData("703801000165359", "]E3", "check digit 3, expected 9", 12)]
    [InlineData("7038010001659X9", "]E3", "'X' is not a digit", 13)]
    public void Bad_digits_are_invalid_with_reason_and_offset(string data, string? aim, string reason, int offset)
        => Assert.Equal(new InvalidCode(data, reason, offset), _interpreter.Interpret(data, aim));

    [Theory]
    [InlineData("70380100016", "]E0")]
    [InlineData("7038010001659", "]E4")]
    [InlineData("703801000165", "]E3")]
    public void Wrong_length_for_the_symbology_is_invalid(string data, string aim)
    {
        InvalidCode invalid = Assert.IsType<InvalidCode>(_interpreter.Interpret(data, aim));
        Assert.Contains(aim, invalid.Reason, StringComparison.Ordinal);
        Assert.Null(invalid.Offset);
    }

    [Fact]
    public void Weight_code_without_verifier()
    {
        var reading = Assert.IsType<VariableMeasureCode>(_interpreter.Interpret("2300123012507", "]E0"));
        Assert.Equal(Gtin.Parse("2300123000009"), reading.ItemKey);
        Assert.Equal(1.250m, reading.WeightKg);
        Assert.Null(reading.PriceKroner);
        Assert.Same(VariableMeasureTemplateTests.SwedishWeight3Decimals, reading.Template);
    }

    [Fact]
    public void Price_code_with_five_digit_verifier()
    {
        var reading = Assert.IsType<VariableMeasureCode>(_interpreter.Interpret("2001236146850", null));
        Assert.Equal(Gtin.Parse("2001230000004"), reading.ItemKey);
        Assert.Equal(146.85m, reading.PriceKroner);
        Assert.Null(reading.WeightKg);
    }

    [Fact]
    public void Price_code_with_four_digit_verifier()
    {
        var reading = Assert.IsType<VariableMeasureCode>(_interpreter.Interpret("2100123928750", "]E0"));
        Assert.Equal(Gtin.Parse("2100123000005"), reading.ItemKey);
        Assert.Equal(28.75m, reading.PriceKroner);
    }

    [Fact]
    public void Wrong_verifier_is_invalid_and_names_the_digit()
        => Assert.Equal(
            new InvalidCode("2001237146859", "price verifier digit 7, expected 6", 6),
            _interpreter.Interpret("2001237146859", "]E0"));

    [Fact]
    public void Same_item_at_different_weights_has_one_key()
    {
        var a = Assert.IsType<VariableMeasureCode>(_interpreter.Interpret("2300123012507", null));
        string other = "230012300999";
        other += GtinCheckDigit.Compute(other);
        var b = Assert.IsType<VariableMeasureCode>(_interpreter.Interpret(other, null));
        Assert.Equal(a.ItemKey, b.ItemKey);
        Assert.Equal(0.999m, b.WeightKg);
    }

    [Fact]
    public void Longest_prefix_wins_and_unmatched_2x_is_a_plain_product()
    {
        var specific = new VariableMeasureTemplate { Prefix = "2345", ItemDigits = 3, ValueDigits = 5, Decimals = 2, Unit = VariableMeasureUnit.Kroner };
        var interpreter = new BarcodeInterpreter([VariableMeasureTemplateTests.SwedishWeight3Decimals, specific]);
        var reading = Assert.IsType<VariableMeasureCode>(interpreter.Interpret("2345123012508", null));
        Assert.Same(specific, reading.Template);
        Assert.Equal(12.50m, reading.PriceKroner);
        Assert.Equal(Gtin.Parse("2345123000000"), reading.ItemKey);

        Assert.Equal(new ProductCode(Gtin.Parse("2200123012500")), interpreter.Interpret("2200123012500", null));
    }

    [Fact]
    public void Duplicate_and_invalid_templates_are_rejected_with_every_problem()
    {
        var ex = Assert.Throws<VariableMeasureTemplateException>(() => new BarcodeInterpreter(
        [
            VariableMeasureTemplateTests.SwedishWeight3Decimals,
            VariableMeasureTemplateTests.SwedishWeight3Decimals with { Decimals = 2 },
            new VariableMeasureTemplate { Prefix = "2", ItemDigits = 6, ValueDigits = 5, Unit = VariableMeasureUnit.Kroner },
        ]));
        Assert.Equal(2, ex.Problems.Count);
        Assert.Contains("template #1: prefix \"23\" is used by an earlier template", ex.Problems);
        Assert.StartsWith("template #2 (prefix \"2\"): prefix", ex.Problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Gs1_128_with_weight_and_batch()
    {
        string data = "0107038010001659" + "3103001250" + $"10LOT42{GS}" + "17270131";
        var reading = Assert.IsType<Gs1Code>(_interpreter.Interpret(data + "\r", "]C1"));
        Assert.Equal(Gtin.Parse("7038010001659"), reading.ElementString.Gtin);
        Assert.Equal(1.250m, reading.ElementString.NetWeightKg);
        Assert.Equal("LOT42", reading.ElementString.Batch);
        Assert.Equal(new Gs1Date(27, 1, 31), reading.ElementString.Expiry);
    }

    [Theory]
    [InlineData("]e0")]
    [InlineData("]d2")]
    [InlineData("]Q3")]
    [InlineData("]J1")]
    [InlineData(null)]
    public void Gs1_carriers_and_gs_without_aim_are_parsed(string? aim)
    {
        var reading = Assert.IsType<Gs1Code>(_interpreter.Interpret($"10LOT42{GS}0107038010001659", aim));
        Assert.Equal("LOT42", reading.ElementString.Batch);
    }

    [Fact]
    public void Bracketed_form_without_aim()
    {
        var reading = Assert.IsType<Gs1Code>(_interpreter.Interpret("(01)07038010001659(3922)2490", null));
        Assert.Equal(24.90m, reading.ElementString.Price);
    }

    [Theory]
    [InlineData("0107038010001659991", "]C1", "unknown or unsupported application identifier (99)", 16)]
    [InlineData("(01)07038010001659(99)1", null, "unknown or unsupported application identifier (99)", 18)]
    [InlineData("01070380100016581", "]d2", "AI (01) check digit 8, expected 9", 15)]
    public void Bad_gs1_is_invalid_with_offset(string data, string? aim, string reason, int offset)
        => Assert.Equal(new InvalidCode(data, reason, offset), _interpreter.Interpret(data, aim));

    [Theory]
    [InlineData("RCPT-2026-000123", "]C0", Symbology.Code128)]
    [InlineData("https://example.com/x", "]Q1", Symbology.QrCode)]
    [InlineData("ADMIN:LOGIN", null, Symbology.Unknown)]
    [InlineData("1234567890", null, Symbology.Unknown)]
    [InlineData("7038010001659", "]C0", Symbology.Code128)]
    [InlineData("12", "]E2", Symbology.EanUpc)]
    [InlineData("1234567890", "]I1", Symbology.Interleaved2Of5)]
    public void Everything_else_is_other(string data, string? aim, Symbology symbology)
        => Assert.Equal(new OtherCode(data, symbology), _interpreter.Interpret(data, aim));

    [Theory]
    [InlineData("", null)]
    [InlineData("\r\n", "]E0")]
    public void Empty_scan_is_invalid(string data, string? aim)
        => Assert.Equal(new InvalidCode(string.Empty, "no data", null), _interpreter.Interpret(data, aim));

    [Fact]
    public void Null_data_does_not_throw()
        => Assert.IsType<InvalidCode>(_interpreter.Interpret(null!, null));

    [Fact]
    public void Malformed_aim_id_is_reported()
    {
        InvalidCode invalid = Assert.IsType<InvalidCode>(_interpreter.Interpret("7038010001659", "E0"));
        Assert.Contains("malformed AIM symbology identifier \"E0\"", invalid.Reason, StringComparison.Ordinal);
    }
}

public sealed class SwedishStyleLayoutTests
{
    // GS1 Sweden's 2X rule (field notes §2): X = 0/1/2 price with 2/1/0 decimals, X = 3/4/5 weight in kg with 3/2/1 decimals.
    // The digit split (5 item digits, 5 value digits, no verifier) is an assumed example layout, not GS1 Sweden's text.
    private static readonly BarcodeInterpreter Interpreter = new(
        Enumerable.Range(0, 6).Select(x => new VariableMeasureTemplate
        {
            Prefix = $"2{x}",
            ItemDigits = 5,
            ValueDigits = 5,
            Decimals = x < 3 ? 2 - x : 6 - x,
            Unit = x < 3 ? VariableMeasureUnit.Kroner : VariableMeasureUnit.Kilograms,
        }));

    [Theory]
    [InlineData('0', "123.45", null)]
    [InlineData('1', "1234.5", null)]
    [InlineData('2', "12345", null)]
    [InlineData('3', null, "12.345")]
    [InlineData('4', null, "123.45")]
    [InlineData('5', null, "1234.5")]
    public void Each_x_gives_its_unit_and_decimals(char x, string? price, string? weight)
    {
        string data = $"2{x}00042" + "12345";
        var reading = Assert.IsType<VariableMeasureCode>(Interpreter.Interpret(data + GtinCheckDigit.Compute(data), "]E0"));
        Assert.Equal(price, reading.PriceKroner?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(weight, reading.WeightKg?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        string key = $"2{x}00042" + "00000";
        Assert.Equal(Gtin.Parse(key + GtinCheckDigit.Compute(key)), reading.ItemKey);
    }

    [Fact]
    public void Templates_view_is_read_only()
        => Assert.False(Interpreter.Templates is VariableMeasureTemplate[]);
}
