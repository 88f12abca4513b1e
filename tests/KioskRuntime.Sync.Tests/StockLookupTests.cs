using KioskRuntime.Sync.Tests.Support;

namespace KioskRuntime.Sync.Tests;

public sealed class StockLookupTests : IDisposable
{
    private readonly KioskFixture _kiosk = new();

    [Fact]
    public async Task Online_answers_live_including_sales_not_yet_delivered()
    {
        _kiosk.Upstream.SetProduct(KioskFixture.MilkGtin, "Melk", "24.90", 10);
        await _kiosk.SellAsync(2);

        var answer = await _kiosk.Stock().GetAsync(KioskFixture.MilkGtin, CancellationToken.None);

        Assert.True(answer.Live);
        Assert.Equal(8m, answer.Stock);
        Assert.False(answer.Negative);
        Assert.Equal(KioskFixture.MilkGtin, answer.Gtin);
    }

    [Fact]
    public async Task Offline_answers_from_the_local_copy_and_says_so()
    {
        _kiosk.Upstream.SetProduct(KioskFixture.MilkGtin, "Melk", "24.90", 1);
        await _kiosk.Catalog().PullAsync(CancellationToken.None);
        _kiosk.Upstream.Fault(new StubFault.Reset("/stock"));

        var answer = await _kiosk.Stock().GetAsync(KioskFixture.MilkGtin, CancellationToken.None);

        Assert.False(answer.Live);
        Assert.Equal(1m, answer.Stock);
    }

    [Fact]
    public async Task Negative_stock_is_flagged_not_refused()
    {
        _kiosk.Upstream.SetProduct(KioskFixture.MilkGtin, "Melk", "24.90", 1);
        await _kiosk.SellAsync(3);

        var answer = await _kiosk.Stock().GetAsync(KioskFixture.MilkGtin, CancellationToken.None);

        Assert.Equal(-2m, answer.Stock);
        Assert.True(answer.Negative);
    }

    [Fact]
    public async Task A_large_undelivered_backlog_answers_the_local_copy_which_already_counts_it()
    {
        _kiosk.Upstream.SetProduct(KioskFixture.MilkGtin, "Melk", "24.90", 5_000);
        await _kiosk.Catalog().PullAsync(CancellationToken.None);
        var events = Enumerable.Range(1, (int)StockLookup.MaxPendingScan + 1)
            .Select(i => new Journal.NewEvent("sale", KioskFixture.SaleJson(i), DateTimeOffset.UtcNow)).ToList();
        await _kiosk.Journal.CommitAsync(new Journal.JournalWrite(events, (state, _) =>
        {
            var stock = state.Get<Domain.StockDocument>("stock", KioskFixture.MilkGtin)!;
            stock.Quantity -= events.Count;
            state.Put("stock", KioskFixture.MilkGtin, stock);
        }));

        var answer = await _kiosk.Stock().GetAsync(KioskFixture.MilkGtin, CancellationToken.None);

        Assert.False(answer.Live);
        Assert.Equal(5_000m - events.Count, answer.Stock);
    }

    [Theory]
    [InlineData("7038010001659", "14 digits")]
    [InlineData("0703801000165X", "non-digit at position 14")]
    [InlineData("07038010001658", "check digit 8, expected 9")]
    public async Task A_malformed_gtin_is_refused_with_what_is_wrong(string gtin, string expected)
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _kiosk.Stock().GetAsync(gtin, CancellationToken.None));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_product_nobody_knows_is_an_unknown_product()
    {
        var ex = await Assert.ThrowsAsync<UnknownProductException>(() => _kiosk.Stock().GetAsync(KioskFixture.BreadGtin, CancellationToken.None));
        Assert.Equal(KioskFixture.BreadGtin, ex.Gtin);
    }

    public void Dispose() => _kiosk.Dispose();
}
