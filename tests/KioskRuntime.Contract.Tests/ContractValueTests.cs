namespace KioskRuntime.Contract.Tests;

public sealed class ContractValueTests
{
    [Theory]
    [InlineData(24.9, "24.90")]
    [InlineData(-3, "-3.00")]
    [InlineData(0, "0.00")]
    public void Money_has_exactly_two_decimals(double amount, string expected) =>
        Assert.Equal(expected, ContractDecimal.FormatMoney((decimal)amount));

    [Theory]
    [InlineData(1, "1")]
    [InlineData(0.532, "0.532")]
    [InlineData(-2, "-2")]
    [InlineData(1.5, "1.5")]
    public void Quantities_have_no_trailing_zeros(double quantity, string expected) =>
        Assert.Equal(expected, ContractDecimal.FormatQuantity((decimal)quantity));

    [Theory]
    [InlineData(25, "25")]
    [InlineData(12.5, "12.5")]
    [InlineData(11.11, "11.11")]
    public void Rates_are_percent_without_trailing_zeros(double rate, string expected) =>
        Assert.Equal(expected, ContractDecimal.FormatRate((decimal)rate));

    [Theory]
    [InlineData("-2", true)]
    [InlineData("0.532", true)]
    [InlineData("1e3", false)]
    [InlineData("1,5", false)]
    [InlineData(" 1", false)]
    [InlineData("1 000", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Signed_decimals_are_digits_sign_and_point_only(string? text, bool valid) =>
        Assert.Equal(valid, ContractDecimal.TryParseSigned(text, out _));

    [Fact]
    public void Unsigned_decimals_refuse_a_sign()
    {
        Assert.True(ContractDecimal.TryParseUnsigned("25", out var rate));
        Assert.Equal(25m, rate);
        Assert.False(ContractDecimal.TryParseUnsigned("-25", out _));
    }

    [Theory]
    [InlineData("demo-kiosk-1", true)]
    [InlineData("0", true)]
    [InlineData("-kiosk", false)]
    [InlineData("Kiosk", false)]
    [InlineData("kiosk_1", false)]
    [InlineData("kiosk-1\n", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Kiosk_ids_match_the_contract_pattern(string? text, bool valid) =>
        Assert.Equal(valid, ContractKioskId.IsValid(text));

    [Fact]
    public void A_kiosk_id_is_at_most_64_characters()
    {
        Assert.True(ContractKioskId.IsValid(new string('a', 64)));
        Assert.False(ContractKioskId.IsValid(new string('a', 65)));
    }

    [Theory]
    [InlineData("07038010001659", null)]
    [InlineData("00000000000000", null)]
    [InlineData("7038010001659", "\"7038010001659\" must be exactly 14 digits, got 13 characters")]
    [InlineData("07038010001658", "\"07038010001658\" has check digit 8, expected 9")]
    [InlineData("0703801000165x", "\"0703801000165x\" has a non-digit at position 14")]
    [InlineData("07x3801000x659", "\"07x3801000x659\" has a non-digit at position 3")]
    [InlineData(null, "\"\" must be exactly 14 digits, got 0 characters")]
    public void Gtins_are_14_digits_with_the_gs1_check_digit(string? text, string? problem)
    {
        Assert.Equal(problem is null, ContractGtin.IsValid(text, out var actual));
        Assert.Equal(problem, actual);
    }
}
