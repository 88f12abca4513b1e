using System.Text.Json.Nodes;
using KioskRuntime.Domain;
using KioskRuntime.Sync.Catalog;
using KioskRuntime.Sync.Tests.Support;

namespace KioskRuntime.Sync.Tests;

public sealed class CatalogSyncTests : IDisposable
{
    private readonly KioskFixture _kiosk = new();

    [Fact]
    public async Task A_pull_stores_products_stock_and_meta()
    {
        _kiosk.Upstream.SetProduct(KioskFixture.MilkGtin, "Melk 1 l", "24.90", 42);
        _kiosk.Upstream.SetProduct(KioskFixture.BreadGtin, "Brød", "39.00", 5);
        var catalog = _kiosk.Catalog();
        var changed = 0;
        catalog.CatalogChanged += () => changed++;

        var result = await catalog.PullAsync(CancellationToken.None);

        Assert.Equal(CatalogPullOutcome.Updated, result.Outcome);
        Assert.Equal(2, result.Products);
        Assert.Equal(1, changed);
        var milk = _kiosk.Journal.GetState<CatalogDocument>("catalog", KioskFixture.MilkGtin);
        Assert.NotNull(milk);
        Assert.Equal("Melk 1 l", milk.Name);
        Assert.Equal("24.90", milk.Price);
        Assert.Equal("42", milk.UpstreamStock);
        Assert.True(milk.TryToProduct(out var product, out var error), error);
        Assert.Equal(42m, _kiosk.Journal.GetState<StockDocument>("stock", KioskFixture.MilkGtin)!.Quantity);
        var meta = _kiosk.Journal.GetState<CatalogMetaDocument>("meta", "catalog");
        Assert.NotNull(meta);
        Assert.Equal(result.Version, meta.Version);
        Assert.False(string.IsNullOrEmpty(meta.ETag));
    }

    [Fact]
    public async Task An_unchanged_catalog_answers_304_and_changes_nothing()
    {
        _kiosk.Upstream.SetProduct(KioskFixture.MilkGtin, "Melk", "24.90", 10);
        var catalog = _kiosk.Catalog();
        await catalog.PullAsync(CancellationToken.None);
        var changed = 0;
        catalog.CatalogChanged += () => changed++;

        var again = await catalog.PullAsync(CancellationToken.None);

        Assert.Equal(CatalogPullOutcome.NotModified, again.Outcome);
        Assert.Equal(0, changed);
        _kiosk.Upstream.SetProduct(KioskFixture.MilkGtin, "Melk", "26.90", 10);
        var third = await catalog.PullAsync(CancellationToken.None);
        Assert.Equal(CatalogPullOutcome.Updated, third.Outcome);
        Assert.Equal("26.90", _kiosk.Journal.GetState<CatalogDocument>("catalog", KioskFixture.MilkGtin)!.Price);
    }

    [Fact]
    public async Task Local_stock_is_upstream_stock_plus_the_events_it_has_not_seen()
    {
        _kiosk.Upstream.SetProduct(KioskFixture.MilkGtin, "Melk", "24.90", 10);
        await _kiosk.SellAsync(2, qty: "1");                 // seq 1-2: delivered, upstream applies them (10 → 8)
        await KioskFixture.DrainAsync(_kiosk.Engine());
        await _kiosk.SellAsync(3, qty: "1");                 // seq 3-5: offline, not delivered
        await _kiosk.JournalAsync(EventTypes.StockAdjustment, EventJson.Serialize(new StockAdjustmentPayload(KioskFixture.MilkGtin, "4", "received", "s1")));

        var result = await _kiosk.Catalog().PullAsync(CancellationToken.None);

        Assert.Equal(CatalogPullOutcome.Updated, result.Outcome);
        Assert.Equal(2, result.UpstreamLastSeq);
        Assert.Equal(8m, _kiosk.Upstream.StockOf(KioskFixture.MilkGtin));
        Assert.Equal(8m - 3m + 4m, _kiosk.Journal.GetState<StockDocument>("stock", KioskFixture.MilkGtin)!.Quantity);

        await KioskFixture.DrainAsync(_kiosk.Engine());
        await _kiosk.Catalog().PullAsync(CancellationToken.None);
        Assert.Equal(9m, _kiosk.Journal.GetState<StockDocument>("stock", KioskFixture.MilkGtin)!.Quantity);
    }

    [Fact]
    public async Task Malformed_products_are_left_out_and_named()
    {
        _kiosk.Upstream.SetProduct(KioskFixture.MilkGtin, "Melk", "24.90", 10);
        _kiosk.Upstream.AddRawProduct(new JsonObject { ["gtin"] = "07038010001658", ["name"] = "Bad check digit", ["price"] = "1.00", ["vatRate"] = "15", ["unit"] = "pcs", ["stock"] = "1" });
        _kiosk.Upstream.AddRawProduct(new JsonObject { ["gtin"] = KioskFixture.BreadGtin, ["name"] = "Float price", ["price"] = "1.005", ["vatRate"] = "15", ["unit"] = "pcs", ["stock"] = "1" });

        var result = await _kiosk.Catalog().PullAsync(CancellationToken.None);

        Assert.Equal(CatalogPullOutcome.Updated, result.Outcome);
        Assert.Equal(1, result.Products);
        Assert.Equal(2, result.Skipped.Count);
        Assert.Contains(result.Skipped, s => s.Contains("check digit 8, expected 9", StringComparison.Ordinal));
        Assert.Contains(result.Skipped, s => s.Contains("price: \"1.005\"", StringComparison.Ordinal));
        Assert.Null(_kiosk.Journal.GetState<CatalogDocument>("catalog", KioskFixture.BreadGtin));
    }

    [Fact]
    public async Task Wild_prices_and_stock_are_skipped_with_their_reason_and_the_rest_is_applied()
    {
        _kiosk.Upstream.SetProduct(KioskFixture.MilkGtin, "Melk", "24.90", 10);
        _kiosk.Upstream.AddRawProduct(new JsonObject { ["gtin"] = KioskFixture.BreadGtin, ["name"] = "Huge price", ["price"] = "79228162514264337593543950335.00", ["vatRate"] = "15", ["unit"] = "pcs", ["stock"] = "1" });
        _kiosk.Upstream.AddRawProduct(new JsonObject { ["gtin"] = "07040030001106", ["name"] = "Huge stock", ["price"] = "1.00", ["vatRate"] = "15", ["unit"] = "pcs", ["stock"] = "-79228162514264337593543950335" });

        var result = await _kiosk.Catalog().PullAsync(CancellationToken.None);

        Assert.Equal(CatalogPullOutcome.Updated, result.Outcome);
        Assert.Equal(1, result.Products);
        Assert.Equal(2, result.Skipped.Count);
        Assert.Contains(result.Skipped, s => s.StartsWith("products[1]: price: price 79228162514264337593543950335", StringComparison.Ordinal) && s.EndsWith("is outside 0.00-1000000.00", StringComparison.Ordinal));
        Assert.Contains(result.Skipped, s => s == "products[2]: stock: stock -79228162514264337593543950335 is outside ±1000000000");
        Assert.Equal(10m, _kiosk.Journal.GetState<StockDocument>("stock", KioskFixture.MilkGtin)!.Quantity);
        Assert.Null(_kiosk.Journal.GetState<CatalogDocument>("catalog", KioskFixture.BreadGtin));
    }

    [Fact]
    public async Task Products_gone_from_the_catalog_are_removed_locally()
    {
        _kiosk.Upstream.SetProduct(KioskFixture.MilkGtin, "Melk", "24.90", 10);
        _kiosk.Upstream.SetProduct(KioskFixture.BreadGtin, "Brød", "39.00", 5);
        var catalog = _kiosk.Catalog();
        await catalog.PullAsync(CancellationToken.None);
        _kiosk.Upstream.RemoveProduct(KioskFixture.MilkGtin);

        var result = await catalog.PullAsync(CancellationToken.None);

        Assert.Equal(CatalogPullOutcome.Updated, result.Outcome);
        Assert.Null(_kiosk.Journal.GetState<CatalogDocument>("catalog", KioskFixture.MilkGtin));
        Assert.Null(_kiosk.Journal.GetState<StockDocument>("stock", KioskFixture.MilkGtin));
        Assert.NotNull(_kiosk.Journal.GetState<CatalogDocument>("catalog", KioskFixture.BreadGtin));
    }

    [Fact]
    public async Task An_unreachable_back_office_fails_the_pull_and_keeps_the_local_catalog()
    {
        _kiosk.Upstream.SetProduct(KioskFixture.MilkGtin, "Melk", "24.90", 10);
        var catalog = _kiosk.Catalog();
        await catalog.PullAsync(CancellationToken.None);
        _kiosk.Upstream.Fault(new StubFault.Reset("/cursor"));

        var result = await catalog.PullAsync(CancellationToken.None);

        Assert.Equal(CatalogPullOutcome.Failed, result.Outcome);
        Assert.Contains("cannot connect", result.Error, StringComparison.Ordinal);
        Assert.NotNull(_kiosk.Journal.GetState<CatalogDocument>("catalog", KioskFixture.MilkGtin));
    }

    public void Dispose() => _kiosk.Dispose();
}
