using KioskRuntime.BackOffice.Catalog;
using KioskRuntime.BackOffice.Contract;

namespace KioskRuntime.BackOffice.Tests;

public sealed class ContractValueTests
{
    [Theory]
    [InlineData("07038010001659", true)]
    [InlineData("07038010001658", false)]
    [InlineData("7038010001659", false)]
    [InlineData("0703801000165x", false)]
    public void Gtin14_needs_14_digits_and_a_valid_check_digit(string text, bool valid)
    {
        Assert.Equal(valid, Gtin.TryParse(text, out _, out var error));
        Assert.Equal(valid, error is null);
    }

    [Fact]
    public void Demo_catalog_gtins_are_unique_norwegian_gtin14s()
    {
        var products = DemoCatalog.Products();

        Assert.Equal(products.Count, products.Select(p => p.Gtin).Distinct().Count());
        Assert.All(products, p => Assert.StartsWith("070", p.Gtin.Value, StringComparison.Ordinal));
        Assert.All(products, p => Assert.True(DecimalText.TryParseMoney(p.Price, out _), p.Price));
    }

    [Theory]
    [InlineData("24.90", true)]
    [InlineData("-24.90", true)]
    [InlineData("24.9", false)]
    [InlineData("24", false)]
    [InlineData("24,90", false)]
    [InlineData(" 24.90", false)]
    public void Money_is_a_decimal_string_with_two_decimals(string text, bool valid)
    {
        Assert.Equal(valid, DecimalText.TryParseMoney(text, out _));
    }

    [Theory]
    [InlineData("2026-11-27T09:15:02.123+01:00", true)]
    [InlineData("2026-11-27T08:15:02Z", true)]
    [InlineData("2026-11-27T09:15:02", false)]
    [InlineData("2026-11-27 09:15:02+01:00", false)]
    public void Timestamps_are_rfc3339_with_an_offset(string text, bool valid)
    {
        Assert.Equal(valid, Rfc3339.TryParse(text, out _));
    }

    [Theory]
    [InlineData("12.500", "12.5")]
    [InlineData("42", "42")]
    [InlineData("-6.000", "-6")]
    public void Quantities_are_written_without_trailing_zeros(string input, string expected)
    {
        Assert.True(DecimalText.TryParseSigned(input, out var value));
        Assert.Equal(expected, DecimalText.FormatQuantity(value));
    }
}
