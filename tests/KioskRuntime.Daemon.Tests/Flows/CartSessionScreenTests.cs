using KioskRuntime.Daemon.Tests.Support;

namespace KioskRuntime.Daemon.Tests.Flows;

/// <summary>Goods chosen on the screen (PLU look-up, loose goods with a typed weight) become cart lines by the same rules as a scan.</summary>
public sealed class CartSessionScreenTests
{
    private const string Apples = "7038600022507";

    [Fact]
    public async Task A_weighed_item_becomes_a_line_priced_per_kg_and_the_vat_is_published()
    {
        using var kiosk = new KioskFixture();
        kiosk.AddProduct(Apples, "Epler røde, løsvekt", "34.90", "kg");
        var outcome = await kiosk.Flows.Cart.AddChosenAsync(KioskFixture.Key(Apples), 0.535m, CancellationToken.None);
        Assert.True(outcome.Accepted, outcome.Message);
        var line = Assert.Single(outcome.Cart.Lines);
        Assert.Equal("0.535", line.Qty);
        Assert.Equal("18.67", outcome.Cart.Total); // 34.90 x 0.535 = 18.6715
        var vat = Assert.Single(kiosk.Flows.Cart.VatView);
        Assert.Equal("15", vat.Rate);
        Assert.Equal("2.44", vat.Amount); // 18.67 - 18.67 / 1.15
    }

    [Theory]
    [InlineData(null, "sold by weight")]
    [InlineData("0", "sold by weight")]
    [InlineData("51", "more than one item can weigh")]
    public async Task A_weighed_item_without_a_sensible_weight_is_refused(string? kg, string why)
    {
        using var kiosk = new KioskFixture();
        kiosk.AddProduct(Apples, "Epler røde, løsvekt", "34.90", "kg");
        var outcome = await kiosk.Flows.Cart.AddChosenAsync(KioskFixture.Key(Apples), kg is null ? null : decimal.Parse(kg, System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        Assert.False(outcome.Accepted);
        Assert.Contains(why, outcome.Message, StringComparison.Ordinal);
        Assert.Empty(outcome.Cart.Lines);
    }

    [Fact]
    public async Task A_piece_item_is_added_once_and_a_weight_for_it_is_refused()
    {
        using var kiosk = new KioskFixture();
        Assert.True((await kiosk.Flows.Cart.AddChosenAsync(KioskFixture.Key(KioskFixture.Jam), null, CancellationToken.None)).Accepted);
        var weighed = await kiosk.Flows.Cart.AddChosenAsync(KioskFixture.Key(KioskFixture.Jam), 0.4m, CancellationToken.None);
        Assert.False(weighed.Accepted);
        Assert.Contains("sold by the piece", weighed.Message, StringComparison.Ordinal);
        Assert.Equal("39.90", weighed.Cart.Total);
    }

    [Fact]
    public async Task An_unknown_or_malformed_product_number_is_refused_with_what_was_wrong()
    {
        using var kiosk = new KioskFixture();
        var unknown = await kiosk.Flows.Cart.AddChosenAsync("07310865004703", null, CancellationToken.None);
        Assert.False(unknown.Accepted);
        Assert.Contains("not in the local catalog", unknown.Message, StringComparison.Ordinal);
        var malformed = await kiosk.Flows.Cart.AddChosenAsync("12x", null, CancellationToken.None);
        Assert.False(malformed.Accepted);
        Assert.Contains("'12x' is not a product number", malformed.Message, StringComparison.Ordinal);
    }
}
