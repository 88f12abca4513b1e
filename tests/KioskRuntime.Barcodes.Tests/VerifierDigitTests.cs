using KioskRuntime.Barcodes;
using KioskRuntime.Barcodes.VariableMeasure;

namespace KioskRuntime.Barcodes.Tests;

public sealed class VerifierDigitTests
{
    [Theory]
    [InlineData("2875", 9)]  // GS1 General Specifications §7.9.3 example
    [InlineData("14685", 6)] // §7.9.4 example (not 7, as a widely copied answer says)
    [InlineData("0000", 0)]
    [InlineData("00000", 0)]
    public void Computes_the_published_examples(string value, int expected)
        => Assert.Equal(expected, VerifierDigit.Compute(value));

    [Fact]
    public void Four_digit_rule_by_hand()
    {
        // 1234: 2−(1)=2, 2−(2)=4, 3(3)=9, 5−(4)=8 → 23 × 3 = 69 → 9
        Assert.Equal(9, VerifierDigit.Compute("1234"));
    }

    [Fact]
    public void Five_digit_rule_by_hand()
    {
        // 12345: 5+(1)=5, 2−(2)=4, 5−(3)=4, 5+(4)=2, 2−(5)=9 → 24; r = 6; 5−(d) = 6 for d = 8
        Assert.Equal(8, VerifierDigit.Compute("12345"));
    }

    [Theory]
    [InlineData("123")]
    [InlineData("123456")]
    [InlineData("12a4")]
    public void Rejects_other_input(string value)
        => Assert.Throws<BarcodeFormatException>(() => VerifierDigit.Compute(value));
}
