using KioskRuntime.Domain;
using Product = KioskRuntime.RackbeatSimulator.Account.Product;
using KioskRuntime.Sync.Catalog;
using KioskRuntime.RackbeatSimulator.Account;
using KioskRuntime.Sync.Rackbeat;
using KioskRuntime.Sync.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using static KioskRuntime.Sync.Tests.Rackbeat.RackbeatBed;

namespace KioskRuntime.Sync.Tests.Rackbeat;

/// <summary>The kiosk's catalog and live stock from Rackbeat through the adapter: paging, GTINs, VAT, incremental refresh.</summary>
public sealed class RackbeatCatalogTests
{
    [Fact]
    public async Task The_catalog_is_paged_from_rackbeat_with_normalised_gtins_and_prices_including_vat()
    {
        await using var bed = await StartAsync();
        for (var i = 0; i < 1_005; i++) // more than one page of 1000
        {
            bed.Simulator.Account.PutProduct(new Product { Number = $"BULK-{i:0000}", Name = $"Bulk {i}", Barcode = i == 0 ? "not-a-gtin" : null, SalesPrice = 8m, VatPercentage = 25m });
        }

        var result = await Catalog(bed).PullAsync(CancellationToken.None);

        Assert.Equal(CatalogPullOutcome.Updated, result.Outcome);
        Assert.Equal(8, result.Products); // the demo account's eight products carry barcodes; the bulk ones do not
        var milk = bed.Kiosk.Journal.GetState<CatalogDocument>(SyncCollections.Catalog, Milk)!;
        Assert.Equal(("MLK-1L", "22.40", "15", "60"), (milk.Sku, milk.Price, milk.VatRate, milk.UpstreamStock)); // 19.48 net + 15 %
        var batteries = bed.Kiosk.Journal.GetState<CatalogDocument>(SyncCollections.Catalog, Batteries)!;
        Assert.Equal(("BAT/AA4", "69.00"), (batteries.Sku, batteries.Price));
        Assert.Contains(bed.Simulator.Faults.Requests(), r => r == "GET /api/products?limit=1000&page=2");
    }

    [Fact]
    public async Task Later_pulls_ask_only_for_products_changed_since_and_see_the_change()
    {
        await using var bed = await StartAsync();
        var catalog = Catalog(bed);
        await catalog.PullAsync(CancellationToken.None);
        var milk = bed.Simulator.Account.GetProduct("MLK-1L");
        bed.Simulator.Account.PutProduct(new Product { Number = "MLK-1L", Name = milk.Name, Barcode = milk.Barcode, SalesPrice = 20.00m, VatPercentage = 15m, Locations = milk.Locations });

        var second = await catalog.PullAsync(CancellationToken.None);

        Assert.Equal(CatalogPullOutcome.Updated, second.Outcome);
        Assert.Equal("23.00", bed.Kiosk.Journal.GetState<CatalogDocument>(SyncCollections.Catalog, Milk)!.Price);
        Assert.Contains(bed.Simulator.Faults.Requests(), r => r.StartsWith("GET /api/products?updated_at_from=", StringComparison.Ordinal));
        Assert.Equal(8, second.Products);
    }

    [Fact]
    public async Task A_stock_question_is_answered_live_from_the_kiosks_location_and_from_the_local_copy_when_rackbeat_is_away()
    {
        await using var bed = await StartAsync();
        await Catalog(bed).PullAsync(CancellationToken.None);
        bed.Simulator.Account.ExternalMove("BAT/AA4", "1", -5);
        var stock = new StockLookup(bed.Kiosk.Journal, bed.EngineHttp, Upstream(bed), TimeProvider.System, NullLogger<StockLookup>.Instance);

        var live = await stock.GetAsync(Batteries, CancellationToken.None);
        bed.Simulator.Faults.Add(new RackbeatSimulator.FaultRule { Match = "/locations", Kind = "status", Status = 503 });
        var local = await stock.GetAsync(Batteries, CancellationToken.None);

        Assert.Equal((10m, true), (live.Stock, live.Live));
        Assert.Equal((15m, false), (local.Stock, local.Live));
        Assert.Contains(bed.Simulator.Faults.Requests(), r => r.StartsWith("GET /api/products/BAT%2FAA4/locations", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Catalog_stock_is_the_kiosks_location_not_the_products_total_and_follows_a_change_there()
    {
        await using var bed = await StartAsync();
        bed.Simulator.Account.PutProduct(new Product
        {
            Number = "TWO-LOC", Name = "Two locations", Barcode = "7030000000017", SalesPrice = 10m,
            Locations = new(StringComparer.Ordinal) { ["1"] = new LocationStock { Stock = 4 }, ["2"] = new LocationStock { Stock = 30 } },
        });
        var catalog = Catalog(bed);

        await catalog.PullAsync(CancellationToken.None);
        var first = bed.Kiosk.Journal.GetState<CatalogDocument>(SyncCollections.Catalog, "07030000000017")!.UpstreamStock;
        var product = bed.Simulator.Account.GetProduct("TWO-LOC");
        bed.Simulator.Account.PutProduct(new Product
        {
            Number = "TWO-LOC", Name = product.Name, Barcode = product.Barcode, SalesPrice = 11m,
            Locations = new(StringComparer.Ordinal) { ["1"] = new LocationStock { Stock = 7 }, ["2"] = new LocationStock { Stock = 30 } },
        });
        await catalog.PullAsync(CancellationToken.None);

        Assert.Equal("4", first); // 34 in total, 4 at location 1
        Assert.Equal("7", bed.Kiosk.Journal.GetState<CatalogDocument>(SyncCollections.Catalog, "07030000000017")!.UpstreamStock);
        Assert.Contains(bed.Simulator.Faults.Requests(), r => r.StartsWith("GET /api/products/TWO-LOC/locations", StringComparison.Ordinal));
        Assert.DoesNotContain(bed.Simulator.Faults.Requests(), r => r.StartsWith("GET /api/products/BULK", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_product_sold_by_weight_in_rackbeat_is_a_kg_item_in_the_catalog()
    {
        await using var bed = await StartAsync();
        bed.Simulator.Account.PutProduct(new Product
        {
            Number = "CHS-KG", Name = "Ost i vekt", Barcode = "7030000000024", SalesPrice = 120m, VatPercentage = 15m, Unit = "kg",
            Locations = new(StringComparer.Ordinal) { ["1"] = new LocationStock { Stock = 3.25m } },
        });

        await Catalog(bed).PullAsync(CancellationToken.None);

        var cheese = bed.Kiosk.Journal.GetState<CatalogDocument>(SyncCollections.Catalog, "07030000000024")!;
        Assert.Equal(("kg", "3.25"), (cheese.Unit, cheese.UpstreamStock));
        Assert.Equal("pcs", bed.Kiosk.Journal.GetState<CatalogDocument>(SyncCollections.Catalog, Milk)!.Unit);
    }

    [Theory]
    [InlineData("""{"id":2,"name":"kg"}""", "kg")]
    [InlineData("""{"id":2,"name":"Kilogram"}""", "kg")]
    [InlineData("\"KG\"", "kg")]
    [InlineData("3", "kg")] // an id listed as kilograms in the options
    [InlineData("""{"id":3,"name":"vekt"}""", "kg")]
    [InlineData("1", "pcs")]
    [InlineData("""{"id":1,"name":"stk"}""", "pcs")]
    [InlineData("null", "pcs")]
    public void Units_named_kilograms_or_listed_as_kilogram_ids_are_kg_and_everything_else_is_pcs(string unit, string expected) =>
        Assert.Equal(expected, RackbeatUpstream.ContractUnit(System.Text.Json.Nodes.JsonNode.Parse(unit), ["3"]));

    [Theory]
    [InlineData("7042260000126", "07042260000126")]
    [InlineData("07042260000126", "07042260000126")]
    [InlineData("96385074", "00000096385074")]
    [InlineData("036000291452", "00036000291452")]
    [InlineData("704-2260-000126", "07042260000126")]
    [InlineData("7042260000127", null)]
    [InlineData("ABC", null)]
    [InlineData(null, null)]
    public void Barcodes_are_normalised_to_gtin_14_and_a_wrong_check_digit_is_no_gtin(string? barcode, string? gtin) =>
        Assert.Equal(gtin, RackbeatUpstream.NormaliseGtin(barcode));

    // 10 s: the live stock question makes two Rackbeat calls through the adapter; 2 s was too short on a loaded CI machine.
    private static UpstreamOptions Upstream(RackbeatBed bed) => bed.Kiosk.Options with { BaseUrl = new Uri("https://rackbeat.adapter/"), RequestTimeout = TimeSpan.FromSeconds(10) };

    private static CatalogSync Catalog(RackbeatBed bed) => new(bed.Kiosk.Journal, bed.EngineHttp, Upstream(bed), TimeProvider.System, NullLogger<CatalogSync>.Instance);
}
