using KioskRuntime.Barcodes;
using KioskRuntime.Domain;

namespace KioskRuntime.Domain.Tests;

public sealed class MoneyAndVatTests
{
    [Theory]
    [InlineData("24.90", 24.90)]
    [InlineData("0.00", 0)]
    [InlineData("-3.50", -3.50)]
    [InlineData("7", 7)]
    public void Money_parses_the_contract_form(string text, decimal expected)
    {
        Assert.True(Money.TryParse(text, out var m));
        Assert.Equal(expected, m.Amount);
    }

    [Theory]
    [InlineData("24.901")]
    [InlineData("24,90")]
    [InlineData("")]
    [InlineData("1e3")]
    [InlineData("NaN")]
    public void Money_rejects_what_is_not_a_two_decimal_amount(string text) => Assert.False(Money.TryParse(text, out _));

    [Fact]
    public void Money_writes_exactly_two_decimals_in_invariant_culture()
    {
        Assert.Equal("24.90", Money.Of(24.9m).ToContractString());
        Assert.Equal("1234567.00", Money.Of(1234567m).ToContractString());
        Assert.Equal("0.01", Money.Of(0.005m).ToContractString()); // half away from zero
    }

    [Theory]
    [InlineData(125.00, 25, 25.00)]
    [InlineData(115.00, 15, 15.00)]
    [InlineData(112.00, 12, 12.00)]
    [InlineData(49.90, 15, 6.51)]
    [InlineData(10.00, 0, 0)]
    public void Vat_is_extracted_from_vat_inclusive_amounts(decimal gross, int rate, decimal vat) =>
        Assert.Equal(vat, VatRate.OfPercent(rate).VatIncludedIn(Money.Of(gross)).Amount);

    [Fact]
    public void Breakdown_groups_by_rate_highest_first_and_adds_up_to_the_total()
    {
        var cart = new Cart();
        cart.AddPieces(Product("07038010001659", "Syltetøy", "49.90", 15), 3);
        cart.AddPieces(Product("07040913000028", "Batterier", "89.00", 25));
        cart.AddPieces(Product("07070707070708", "Avis", "45.00", 0));
        var vat = cart.VatBreakdown();
        Assert.Equal([25m, 15m, 0m], vat.Select(v => v.Rate.Percent));
        Assert.Equal(cart.Total, vat.Aggregate(Money.Zero, (s, v) => s + v.Gross));
        Assert.Equal(17.80m, vat[0].Amount.Amount);
        Assert.Equal(19.53m, vat[1].Amount.Amount); // 149.70 * 15/115
    }

    [Fact]
    public void Scanning_a_counted_product_again_adds_to_its_line()
    {
        var cart = new Cart();
        var p = Product("07038010001659", "Brunost", "89.90", 15);
        cart.AddPieces(p);
        var line = cart.AddPieces(p);
        Assert.Single(cart.Lines);
        Assert.Equal(2, line.Quantity);
        Assert.Equal("179.80", cart.Total.ToContractString());
    }

    [Fact]
    public void Weighed_items_get_a_line_each_priced_by_weight()
    {
        var cart = new Cart();
        var apples = Product("07038010001659", "Epler", "39.90", 15) with { Unit = SalesUnit.Kilograms };
        cart.AddWeighed(apples, 0.532m);
        cart.AddWeighed(apples, 1.000m);
        Assert.Equal(2, cart.Lines.Count);
        Assert.Equal("21.23", cart.Lines[0].LineTotal.ToContractString()); // 39.90 * 0.532 = 21.2268
        Assert.Equal("61.13", cart.Total.ToContractString());
    }

    internal static Product Product(string gtin, string name, string price, int vat) =>
        new(Gtin.Parse(gtin), "sku-" + gtin[^4..], name, Money.Parse(price), VatRate.OfPercent(vat), SalesUnit.Pieces, null);
}
