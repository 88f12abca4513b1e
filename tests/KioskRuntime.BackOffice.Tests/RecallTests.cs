using System.Net;
using System.Text.Json.Nodes;

namespace KioskRuntime.BackOffice.Tests;

/// <summary>
/// The additive GS1 trace fields of a sale line (docs/contract-changes.md, 2026-12-08): accepted and stored, a recall finds every
/// sale of a lot across kiosks, weighed lots move stock by their weight, and the kiosk's <c>scan-rejected</c> audit events are stored.
/// </summary>
public sealed class RecallTests : IAsyncLifetime
{
    private BackOfficeHost _host = null!;

    public async Task InitializeAsync() => _host = await BackOfficeHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_recall_finds_every_sale_of_the_lot_and_nothing_else()
    {
        (await _host.PushAsync("k1",
            WithTrace(Events.Sale(1, Events.Syltetoy), lot: "L42", serial: null, useBy: "2027-01-31"),
            WithTrace(Events.Sale(2, Events.Syltetoy), lot: "L43", serial: null, useBy: null),
            Events.Sale(3, Events.Syltetoy),
            WithTrace(Events.Sale(4, Events.Epler, "1.250"), lot: "L42", serial: null, useBy: null))).Dispose(); // same lot text, other GTIN
        (await _host.PushAsync("k2", WithTrace(Events.Sale(1, Events.Syltetoy, idNumber: 101), lot: "L42", serial: "S1", useBy: null))).Dispose();

        var recall = await _host.GetJsonAsync($"/admin/recalls?gtin={Events.Syltetoy}&lot=L42");
        var sales = recall.GetProperty("sales").EnumerateArray().ToList();
        Assert.Equal([("k1", 1L), ("k2", 1L)], sales.Select(s => (s.Str("kioskId"), s.GetProperty("seq").GetInt64())));
        Assert.Equal("2027-01-31", sales[0].Str("useBy"));
        Assert.Equal("S1", sales[1].Str("serial"));

        var weighed = await _host.GetJsonAsync($"/admin/recalls?gtin={Events.Epler}&lot=L42");
        var line = Assert.Single(weighed.GetProperty("sales").EnumerateArray());
        Assert.Equal("1.250", line.Str("qty"));
        Assert.Equal("24.25", await _host.StockAsync(Events.Epler)); // 25.5 kg less the 1.250 kg sold: stock moves by weight
    }

    [Fact]
    public async Task A_recall_query_without_gtin_or_lot_is_refused_with_what_is_expected()
    {
        using var response = await _host.Client.GetAsync("/admin/recalls?gtin=123&lot=L42");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("14 digits", (await response.JsonAsync()).Str("reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_rejected_events_are_accepted_and_kept()
    {
        var rejected = Events.Envelope(1, "scan-rejected", new JsonObject
        {
            ["gtin"] = Events.Syltetoy, ["name"] = "Syltetøy", ["rule"] = "use-by", ["reason"] = "the use-by date 01.12.2026 has passed",
            ["date"] = "2026-12-01", ["lot"] = "L42", ["scanner"] = "scanner",
        });
        using var push = await _host.PushAsync("k1", rejected);
        var result = Assert.Single((await push.JsonAsync()).GetProperty("results").EnumerateArray());
        Assert.Equal("accepted", result.Str("status"));
        var stored = await _host.GetJsonAsync("/v1/kiosks/k1/events?fromSeq=1");
        Assert.Equal("L42", stored.GetProperty("events")[0].GetProperty("event").GetProperty("payload").Str("lot"));
    }

    private static JsonObject WithTrace(JsonObject sale, string lot, string? serial, string? useBy)
    {
        var line = sale["payload"]!["lines"]![0]!.AsObject();
        line["lot"] = lot;
        if (serial is not null)
        {
            line["serial"] = serial;
        }

        if (useBy is not null)
        {
            line["useBy"] = useBy;
        }

        return sale;
    }
}
