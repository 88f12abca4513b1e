using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos;

namespace KioskRuntime.Printing.Tests;

/// <summary>The encoder's EAN-13 data: the check digit comes from Barcodes' GtinCheckDigit (the kiosk's only implementation).</summary>
public sealed class Ean13DigitsTests
{
    [Theory]
    [InlineData("590123412345", "5901234123457")]
    [InlineData("703801000165", "7038010001659")]
    [InlineData("7038010001659", "7038010001659")]
    [InlineData("000000000000", "0000000000000")]
    public void Twelve_digits_get_their_check_digit_and_thirteen_keep_a_right_one(string data, string expected) =>
        Assert.Equal(expected, EscPosEncoder.Ean13Digits(data));

    [Theory]
    [InlineData("7038010001658", "has check digit 8, expected 9")]
    [InlineData("70380100016", "needs 12 or 13 digits")]
    [InlineData("70380100016x", "needs 12 or 13 digits")]
    public void Wrong_data_is_refused_with_the_reason(string data, string reason)
    {
        var e = Assert.Throws<ArgumentException>(() => EscPosEncoder.Ean13Digits(data));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
