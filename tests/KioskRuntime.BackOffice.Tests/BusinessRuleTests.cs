using System.Net;
using System.Text.Json.Nodes;

namespace KioskRuntime.BackOffice.Tests;

public sealed class BusinessRuleTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 8, 30, 0, TimeSpan.Zero);
    private BackOfficeHost _host = null!;

    public async Task InitializeAsync() => _host = await BackOfficeHost.StartAsync(new FixedTime(Now));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Received_time_and_stock_as_of_come_from_the_injected_clock()
    {
        (await _host.PushAsync("k1", Events.Sale(1))).Dispose();

        var stored = await _host.GetJsonAsync("/v1/kiosks/k1/events");
        var stock = await _host.GetJsonAsync($"/v1/kiosks/k1/stock?gtin={Events.Syltetoy}");

        Assert.Equal(Now, DateTimeOffset.Parse(stored.GetProperty("events")[0].Str("receivedAt"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Now, DateTimeOffset.Parse(stock.Str("asOf"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Sale_of_a_product_not_in_the_catalog_is_a_fact_and_accepted()
    {
        var version = (await _host.GetJsonAsync("/v1/kiosks/k1/catalog")).Str("version");

        using var response = await _host.PushAsync("k1", Events.Sale(1, Events.UnknownButValid, "1"));

        Assert.Equal("accepted", (await response.JsonAsync()).GetProperty("results")[0].Str("status"));
        Assert.Equal(version, (await _host.GetJsonAsync("/v1/kiosks/k1/catalog")).Str("version"));
    }

    [Fact]
    public async Task Sale_in_another_currency_is_rejected()
    {
        var sale = Events.Sale(1);
        sale["payload"]!["currency"] = "SEK";

        using var response = await _host.PushAsync("k1", sale);

        var result = (await response.JsonAsync()).GetProperty("results")[0];
        Assert.Equal("rejected", result.Str("status"));
        Assert.Contains("SEK", result.Str("reason"), StringComparison.Ordinal);
        Assert.Equal("36", await _host.StockAsync(Events.Syltetoy));
    }

    [Fact]
    public async Task Return_naming_a_non_sale_is_rejected()
    {
        (await _host.PushAsync("k1", Events.Adjustment(1, Events.Syltetoy, "1"))).Dispose();

        using var response = await _host.PushAsync("k1", Events.Return(2, originalSeq: 1, originalIdNumber: 1));

        var result = (await response.JsonAsync()).GetProperty("results")[0];
        Assert.Equal("rejected", result.Str("status"));
        Assert.Contains("not an accepted sale", result.Str("reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_pushes_of_the_same_batch_apply_it_exactly_once()
    {
        var batch = Enumerable.Range(1, 20).Select(i => Events.Sale(i)).ToArray();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _host.PushAsync("k1", batch)));

        var statuses = new List<string>();
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            statuses.AddRange((await response.JsonAsync()).GetProperty("results").EnumerateArray().Select(r => r.Str("status")));
            response.Dispose();
        }

        Assert.Equal(20, statuses.Count(s => s == "accepted"));
        Assert.Equal(7 * 20, statuses.Count(s => s == "duplicate"));
        Assert.Equal("16", await _host.StockAsync(Events.Syltetoy));
    }

    [Fact]
    public async Task Malformed_event_that_leads_the_batch_gives_the_same_400_when_resent()
    {
        var broken = Events.Sale(1);
        broken["payload"]!["lines"] = new JsonArray();

        using var first = await _host.PushAsync("k1", broken);
        using var again = await _host.PushAsync("k1", broken, Events.Sale(2));

        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal((await first.JsonAsync()).Str("reason"), (await again.JsonAsync()).Str("reason"));
        Assert.Equal(1, (await _host.CursorAsync("k1")).LastSeq);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
