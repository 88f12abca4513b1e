using System.Text.Json;
using KioskRuntime.Barcodes;
using KioskRuntime.Barcodes.VariableMeasure;

namespace KioskRuntime.Barcodes.Tests;

public sealed class VariableMeasureTemplateTests
{
    internal static readonly VariableMeasureTemplate SwedishWeight3Decimals = new()
    {
        Prefix = "23", ItemDigits = 5, ValueDigits = 5, Decimals = 3, Unit = VariableMeasureUnit.Kilograms,
    };

    internal static readonly VariableMeasureTemplate PriceWithFiveDigitVerifier = new()
    {
        Prefix = "20", ItemDigits = 4, HasVerifierDigit = true, ValueDigits = 5, Decimals = 2, Unit = VariableMeasureUnit.Kroner,
    };

    internal static readonly VariableMeasureTemplate PriceWithFourDigitVerifier = new()
    {
        Prefix = "21", ItemDigits = 5, HasVerifierDigit = true, ValueDigits = 4, Decimals = 2, Unit = VariableMeasureUnit.Kroner,
    };

    [Fact]
    public void Example_layouts_are_valid()
    {
        Assert.Empty(SwedishWeight3Decimals.Validate());
        Assert.Empty(PriceWithFiveDigitVerifier.Validate());
        Assert.Empty(PriceWithFourDigitVerifier.Validate());
    }

    [Fact]
    public void Deserialises_from_a_camel_case_hardware_profile()
    {
        const string json = """
            [{"prefix":"23","itemDigits":5,"valueDigits":5,"decimals":3,"unit":"Kilograms","hasVerifierDigit":false},
             {"prefix":"20","itemDigits":4,"valueDigits":5,"decimals":2,"unit":"kroner","hasVerifierDigit":true}]
            """;
        VariableMeasureTemplate[] templates = JsonSerializer.Deserialize<VariableMeasureTemplate[]>(json, JsonSerializerOptions.Web)!;
        Assert.Equal(SwedishWeight3Decimals, templates[0]);
        Assert.Equal(PriceWithFiveDigitVerifier, templates[1]);

        string written = JsonSerializer.Serialize(SwedishWeight3Decimals, JsonSerializerOptions.Web);
        Assert.Contains("\"unit\":\"Kilograms\"", written, StringComparison.Ordinal);
        Assert.Equal(SwedishWeight3Decimals, JsonSerializer.Deserialize<VariableMeasureTemplate>(written, JsonSerializerOptions.Web));
    }

    [Fact]
    public void Validate_lists_every_problem()
    {
        var broken = new VariableMeasureTemplate { Prefix = "19", ItemDigits = 0, ValueDigits = 6, Decimals = 7, Unit = (VariableMeasureUnit)9 };
        IReadOnlyList<string> problems = broken.Validate();
        Assert.Contains(problems, p => p.StartsWith("prefix \"19\"", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("valueDigits is 6", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("decimals is 7", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("itemDigits is 0", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("unit 9", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("an EAN-13 has 13", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_checks_the_total_length()
    {
        VariableMeasureTemplate tooLong = SwedishWeight3Decimals with { HasVerifierDigit = true };
        Assert.Equal(
            ["prefix (2) + itemDigits (5) + verifier (1) + valueDigits (5) + check digit (1) = 14; an EAN-13 has 13"],
            tooLong.Validate());
    }

    [Fact]
    public void Null_prefix_from_json_is_a_problem_not_a_crash()
    {
        VariableMeasureTemplate t = JsonSerializer.Deserialize<VariableMeasureTemplate>("""{"prefix":null,"itemDigits":5,"valueDigits":5,"unit":"Kroner"}""", JsonSerializerOptions.Web)!;
        Assert.Contains(t.Validate(), p => p.StartsWith("prefix", StringComparison.Ordinal));
        Assert.Throws<VariableMeasureTemplateException>(() => new BarcodeInterpreter([t]));
    }
}
