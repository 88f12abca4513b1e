using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace KioskRuntime.BackOffice.Tests;

public sealed class StockAndCatalogTests : IAsyncLifetime
{
    private BackOfficeHost _host = null!;

    public async Task InitializeAsync() => _host = await BackOfficeHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Demo_catalog_has_contract_shaped_products()
    {
        var catalog = await _host.GetJsonAsync("/v1/kiosks/k1/catalog");
        var products = catalog.GetProperty("products").EnumerateArray().ToList();

        Assert.InRange(products.Count, 18, 25);
        Assert.All(products, p =>
        {
            Assert.Matches("^[0-9]{14}$", p.Str("gtin"));
            Assert.Matches(@"^[0-9]+\.[0-9]{2}$", p.Str("price"));
            Assert.Equal("NOK", p.Str("currency"));
            Assert.Equal(JsonValueKind.String, p.GetProperty("stock").ValueKind);
        });
        Assert.Contains(products, p => p.Str("unit") == "kg");
        Assert.Contains(products, p => p.TryGetProperty("ageLimit", out var age) && age.GetInt32() == 18);
        Assert.Equal(["0", "12", "15", "25"], products.Select(p => p.Str("vatRate")).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(products, p => p.Str("name") == "Blåbærsyltetøy 400 g");
    }

    [Fact]
    public async Task Catalog_etag_gives_304_until_stock_changes()
    {
        using var first = await _host.Client.GetAsync("/v1/kiosks/k1/catalog");
        var etag = first.Headers.ETag!;

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/v1/kiosks/k1/catalog");
        conditional.Headers.IfNoneMatch.Add(etag);
        using var notModified = await _host.Client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        (await _host.PushAsync("k1", Events.Sale(1))).Dispose();

        using var after = new HttpRequestMessage(HttpMethod.Get, "/v1/kiosks/k1/catalog");
        after.Headers.IfNoneMatch.Add(etag);
        using var changed = await _host.Client.SendAsync(after);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Equal($"\"{(await changed.JsonAsync()).Str("version")}\"", changed.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Stock_answers_known_unknown_and_malformed_gtins()
    {
        var stock = await _host.GetJsonAsync($"/v1/kiosks/k1/stock?gtin={Events.Epler}");
        Assert.Equal("25.5", stock.Str("stock"));
        Assert.True(DateTimeOffset.TryParse(stock.Str("asOf"), out _));

        using var unknown = await _host.Client.GetAsync($"/v1/kiosks/k1/stock?gtin={Events.UnknownButValid}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        using var malformed = await _host.Client.GetAsync("/v1/kiosks/k1/stock?gtin=07038010001658");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("check digit", (await malformed.JsonAsync()).Str("reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sale_lowers_return_raises_and_adjustment_adds_delta()
    {
        (await _host.PushAsync("k1",
            Events.Sale(1, Events.Epler, "0.532"),
            Events.Sale(2, Events.Syltetoy, "3"),
            Events.Return(3, originalSeq: 2, originalIdNumber: 2, Events.Syltetoy, "1"),
            Events.Adjustment(4, Events.Brunost, "-4", "damage"))).Dispose();

        Assert.Equal("24.968", await _host.StockAsync(Events.Epler));
        Assert.Equal("34", await _host.StockAsync(Events.Syltetoy));
        Assert.Equal("20", await _host.StockAsync(Events.Brunost));
    }

    [Fact]
    public async Task Return_whose_sale_is_not_stored_is_rejected_and_seq_still_advances()
    {
        using var response = await _host.PushAsync("k1", Events.Return(1, originalSeq: 7, originalIdNumber: 7));

        var body = await response.JsonAsync();
        var result = body.GetProperty("results")[0];
        Assert.Equal("rejected", result.Str("status"));
        Assert.Contains("originalSeq 7", result.Str("reason"), StringComparison.Ordinal);
        Assert.Equal(1, body.GetProperty("lastSeq").GetInt64());
        Assert.Equal("36", await _host.StockAsync(Events.Syltetoy));
        var stored = await _host.GetJsonAsync("/v1/kiosks/k1/events");
        Assert.Equal("rejected", stored.GetProperty("events")[0].Str("status"));
    }

    [Fact]
    public async Task Return_of_more_than_was_sold_is_rejected()
    {
        (await _host.PushAsync("k1", Events.Sale(1, qty: "2"), Events.Return(2, 1, 1, qty: "1"))).Dispose();

        using var response = await _host.PushAsync("k1", Events.Return(3, 1, 1, qty: "2"));

        var result = (await response.JsonAsync()).GetProperty("results")[0];
        Assert.Equal("rejected", result.Str("status"));
        Assert.Contains("already returned", result.Str("reason"), StringComparison.Ordinal);
        Assert.Equal("35", await _host.StockAsync(Events.Syltetoy));
    }

    [Fact]
    public async Task Adjustment_for_an_unknown_product_is_rejected()
    {
        using var response = await _host.PushAsync("k1", Events.Adjustment(1, Events.UnknownButValid, "5"));

        var result = (await response.JsonAsync()).GetProperty("results")[0];
        Assert.Equal("rejected", result.Str("status"));
        Assert.Contains("unknown product", result.Str("reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sale_beyond_stock_is_accepted_and_flagged_as_negative()
    {
        using var response = await _host.PushAsync("k1", Events.Sale(1, Events.Brunost, "30"));

        Assert.Equal("accepted", (await response.JsonAsync()).GetProperty("results")[0].Str("status"));
        var negative = await _host.GetJsonAsync("/admin/stock/negative");
        var flagged = Assert.Single(negative.GetProperty("negativeStock").EnumerateArray());
        Assert.Equal(Events.Brunost, flagged.Str("gtin"));
        Assert.Equal("-6", flagged.Str("stock"));
    }

    [Fact]
    public async Task Admin_kiosks_lists_every_kiosk_with_its_last_seq()
    {
        (await _host.PushAsync("k1", Events.Sale(1), Events.Sale(2))).Dispose();
        (await _host.PushAsync("k2", Events.Sale(1, idNumber: 100))).Dispose();

        var kiosks = await _host.GetJsonAsync("/admin/kiosks");

        Assert.Equal(["k1:2", "k2:1"],
            kiosks.GetProperty("kiosks").EnumerateArray().Select(k => $"{k.Str("kioskId")}:{k.GetProperty("lastSeq").GetInt64()}"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task Every_v1_and_admin_request_needs_the_bearer_token(string? token)
    {
        using var client = _host.NewClient(token);

        foreach (var path in new[] { "/v1/kiosks/k1/cursor", "/v1/kiosks/k1/catalog", "/admin/kiosks", "/admin/faults" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        using var push = await client.PostAsync("/v1/kiosks/k1/events", new StringContent("""{"events":[]}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, push.StatusCode);
    }

    [Fact]
    public async Task Healthz_needs_no_token()
    {
        using var client = _host.NewClient(token: null);

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Token_with_a_different_scheme_is_refused()
    {
        using var client = _host.NewClient(token: null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", BackOfficeHost.Token);

        using var response = await client.GetAsync("/v1/kiosks/k1/cursor");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
