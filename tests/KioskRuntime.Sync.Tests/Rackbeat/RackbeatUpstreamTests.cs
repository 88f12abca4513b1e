using System.Text.Json.Nodes;
using KioskRuntime.Journal;
using KioskRuntime.Sync.Rackbeat;
using KioskRuntime.Sync.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace KioskRuntime.Sync.Tests.Rackbeat;

public sealed class RackbeatUpstreamTests : IDisposable
{
    private const string Milk = "07042260000126";
    private const string Cheese = "07040030001106";

    private readonly KioskFixture _kiosk = new();
    private readonly RackbeatStub _rackbeat = new();
    private readonly HttpClient _rackbeatHttp;
    private readonly RackbeatUpstream _adapter;
    private readonly HttpClient _engineHttp;

    public RackbeatUpstreamTests()
    {
        _rackbeat.Products.UnionWith(["MLK-1L", "BRU-500"]);
        _rackbeatHttp = new HttpClient(_rackbeat) { Timeout = Timeout.InfiniteTimeSpan };
        var options = new RackbeatOptions
        {
            BaseUrl = new Uri("https://rackbeat.test/api/"),
            Token = "rb-token",
            KioskId = "kiosk-1",
            CustomerNumber = 900,
            LocationNumber = "BUTIKK",
            ProductNumbers = new Dictionary<string, string> { [Milk] = "MLK-1L", [Cheese] = "BRU-500" },
            RequestTimeout = TimeSpan.FromMilliseconds(300),
        };
        _adapter = new RackbeatUpstream(_kiosk.Journal, _rackbeatHttp, options, TimeProvider.System, NullLogger<RackbeatUpstream>.Instance);
        _engineHttp = new HttpClient(_adapter) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private ReplayEngine Engine() => new(_kiosk.Journal, _engineHttp, _kiosk.Options with { BaseUrl = new Uri("https://rackbeat.adapter/") }, TimeProvider.System, _kiosk.ReplayLog, () => 0.5);

    private Task<JournalEntry> SaleAsync(long receipt, string gtin = Milk, int qty = 2) => _kiosk.JournalAsync("sale", ContractPayloads.Sale(receipt, gtin, qty));

    [Fact]
    public async Task A_sale_becomes_a_booked_order_with_our_event_id_as_reference_and_prices_without_vat()
    {
        var sale = await SaleAsync(17, qty: 2);

        var status = await KioskFixture.DrainAsync(Engine());

        Assert.Equal(1, status.DeliveredSeq);
        var order = Assert.Single(_rackbeat.Orders);
        Assert.Equal("KRT-" + sale.Id.ToString("N"), order["other_reference"]!.GetValue<string>());
        Assert.Equal(900, order["customer_id"]!.GetValue<int>());
        Assert.True(order["is_booked"]!.GetValue<bool>());
        var line = order["lines"]![0]!;
        Assert.Equal("MLK-1L", line["item_id"]!.GetValue<string>());
        Assert.Equal(2m, line["quantity"]!.GetValue<decimal>());
        Assert.Equal(19.48m, line["line_price"]!.GetValue<decimal>()); // 22.40 incl. 15 % VAT
        Assert.Contains("kvittering 17", order["their_reference"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lost_answer_to_the_draft_is_looked_up_and_the_order_is_not_created_twice()
    {
        await SaleAsync(1);
        _rackbeat.Fault("POST /api/orders/drafts", "drop");
        var engine = Engine();

        var first = await engine.SyncNowAsync(CancellationToken.None);
        Assert.Equal(1, first.Pending);
        var status = await KioskFixture.DrainAsync(engine);

        Assert.Equal(0, status.Pending);
        var order = Assert.Single(_rackbeat.Orders);
        Assert.True(order["is_booked"]!.GetValue<bool>());
        Assert.Contains(_rackbeat.Requests, r => r.StartsWith("GET /api/orders?search=KRT-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_booking_whose_answer_was_lost_is_not_booked_twice()
    {
        await SaleAsync(1);
        _rackbeat.Fault("/book", "drop");

        var status = await KioskFixture.DrainAsync(Engine());

        Assert.Equal(0, status.Pending);
        var order = Assert.Single(_rackbeat.Orders);
        Assert.Equal(1, order["book_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_timeout_on_the_draft_is_ambiguous_and_resolved_by_lookup()
    {
        await SaleAsync(1);
        _rackbeat.Fault("POST /api/orders/drafts", "hang");

        var status = await KioskFixture.DrainAsync(Engine());

        Assert.Equal(0, status.Pending);
        Assert.Single(_rackbeat.Orders);
    }

    [Fact]
    public async Task Returns_and_stock_adjustments_become_inventory_adjustments_once_per_line()
    {
        var sale = await _kiosk.JournalAsync("sale", ContractPayloads.Sale(1, Milk, 3));
        await _kiosk.JournalAsync("return", ContractPayloads.Return(2, sale, Milk, 1));
        await _kiosk.JournalAsync("stock-adjustment", new JsonObject { ["gtin"] = Cheese, ["delta"] = "-2", ["reason"] = "damage", ["staffId"] = "s7" }.ToJsonString());
        _rackbeat.Fault("POST /api/inventory-adjustments", "drop");
        _rackbeat.Fault("POST /api/inventory-adjustments", "drop");

        var status = await KioskFixture.DrainAsync(Engine());

        Assert.Equal(3, status.DeliveredSeq);
        var adjustments = _rackbeat.Adjustments;
        Assert.Equal(2, adjustments.Count);
        Assert.Equal("MLK-1L", adjustments[0]["item_number"]!.GetValue<string>());
        Assert.Equal(1m, adjustments[0]["quantity"]!.GetValue<decimal>());
        Assert.Equal("BRU-500", adjustments[1]["item_number"]!.GetValue<string>());
        Assert.Equal(-2m, adjustments[1]["quantity"]!.GetValue<decimal>());
        Assert.Equal("waste", adjustments[1]["category"]!.GetValue<string>());
        Assert.Equal("BUTIKK", adjustments[1]["location_number"]!.GetValue<string>());
        Assert.All(adjustments, a => Assert.StartsWith("KRT-", a["reference"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_product_rackbeat_does_not_know_is_refused_and_dead_lettered_with_its_reason()
    {
        await SaleAsync(1);
        await SaleAsync(2, "07038010001659"); // not mapped: the GTIN itself is sent as product number
        await SaleAsync(3);
        var engine = Engine();

        var status = await KioskFixture.DrainAsync(engine);

        Assert.Equal(3, status.DeliveredSeq);
        var letter = Assert.Single(engine.DeadLetters());
        Assert.Equal(2, letter.Seq);
        Assert.Contains("Rackbeat 422", letter.Reason, StringComparison.Ordinal);
        Assert.Contains("lines.0.item_id", letter.Reason, StringComparison.Ordinal);
        Assert.Equal(2, _rackbeat.Orders.Count);
    }

    [Fact]
    public async Task Throttling_by_rackbeat_reaches_the_engine_with_its_retry_after()
    {
        await SaleAsync(1);
        _rackbeat.Fault("POST /api/orders/drafts", "status", 429, TimeSpan.FromSeconds(7));
        var engine = Engine();

        var first = await engine.SyncNowAsync(CancellationToken.None);

        Assert.Contains("429", first.LastError, StringComparison.Ordinal);
        Assert.Contains("Retry-After 7 s", first.LastError, StringComparison.Ordinal);
        Assert.Empty(_rackbeat.Orders);
        Assert.Equal(0, (await KioskFixture.DrainAsync(engine)).Pending);
        Assert.Single(_rackbeat.Orders);
    }

    [Fact]
    public async Task Event_types_rackbeat_has_no_use_for_are_accepted_without_a_call()
    {
        await _kiosk.JournalAsync("receipt-printed", """{"receiptNo":1,"saleSeq":1,"kind":"sale","outcome":"printed"}""");

        var status = await KioskFixture.DrainAsync(Engine());

        Assert.Equal(1, status.DeliveredSeq);
        Assert.Empty(_rackbeat.Requests);
    }

    [Fact]
    public async Task Many_events_through_mixed_faults_reach_rackbeat_exactly_once()
    {
        var sales = new List<JournalEntry>();
        for (var i = 1; i <= 60; i++)
        {
            sales.Add(await SaleAsync(i, i % 2 == 0 ? Milk : Cheese, 1));
        }

        for (var i = 0; i < 10; i++)
        {
            await _kiosk.JournalAsync("return", ContractPayloads.Return(100 + i, sales[i * 2], sales[i * 2].PayloadJson.Contains(Milk, StringComparison.Ordinal) ? Milk : Cheese, 1));
        }

        var kinds = new[] { "drop", "hang", "status" };
        for (var i = 0; i < 30; i++)
        {
            var path = (i % 3) switch { 0 => "POST /api/orders/drafts", 1 => "/book", _ => "POST /api/inventory-adjustments" };
            _rackbeat.Fault(path, kinds[i % kinds.Length], i % 2 == 0 ? 503 : 500);
        }

        var status = await KioskFixture.DrainAsync(Engine(), maxAttempts: 500);

        Assert.Equal(70, status.DeliveredSeq);
        Assert.Equal(0, status.DeadLetters);
        var orders = _rackbeat.Orders;
        Assert.Equal(60, orders.Count);
        Assert.Equal(60, orders.Select(o => o["other_reference"]!.GetValue<string>()).Distinct().Count());
        Assert.All(orders, o => Assert.Equal(1, o["book_count"]!.GetValue<int>()));
        Assert.Equal(10, _rackbeat.Adjustments.Select(a => a["reference"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(10, _rackbeat.Adjustments.Count);
    }

    [Fact]
    public void The_request_budget_never_lets_more_than_the_limit_start_in_one_window()
    {
        var throttle = new RequestThrottle(480, TimeSpan.FromMinutes(1));
        var t0 = new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

        var waits = Enumerable.Range(0, 481).Select(_ => throttle.Reserve(t0)).ToList();

        Assert.All(waits.Take(480), w => Assert.Equal(TimeSpan.Zero, w));
        Assert.Equal(TimeSpan.FromMinutes(1), waits[480]);
        Assert.Equal(TimeSpan.FromSeconds(30), throttle.Reserve(t0.AddSeconds(30)));
        Assert.Equal(TimeSpan.Zero, new RequestThrottle(2, TimeSpan.FromSeconds(1)).Reserve(t0));
    }

    [Fact]
    public void Options_refuse_a_budget_above_rackbeats_and_name_the_setting()
    {
        var problems = new RackbeatOptions { Token = "t", KioskId = "k", CustomerNumber = 0, RequestsPerMinute = 600 }.Validate();

        Assert.Contains(problems, p => p.StartsWith("RequestsPerMinute: must be 1 to 480", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("CustomerNumber", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _engineHttp.Dispose();
        _rackbeatHttp.Dispose();
        _kiosk.Dispose();
    }
}
