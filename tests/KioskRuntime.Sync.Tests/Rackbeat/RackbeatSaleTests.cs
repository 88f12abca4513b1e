using KioskRuntime.RackbeatSimulator;
using KioskRuntime.Sync.Tests.Support;
using static KioskRuntime.Sync.Tests.Rackbeat.RackbeatBed;

namespace KioskRuntime.Sync.Tests.Rackbeat;

/// <summary>Sales against the simulated Rackbeat: the whole chain, on-hand moved exactly once, in both stock modes, through lost answers.</summary>
public sealed class RackbeatSaleTests
{
    [Theory]
    [InlineData("shipment")]
    [InlineData("invoice")]
    public async Task A_sale_is_drafted_booked_shipped_and_invoiced_and_moves_on_hand_once(string mode)
    {
        await using var bed = await StartAsync(mode);
        var sale = await bed.SaleAsync(17, qty: 2);

        var status = await KioskFixture.DrainAsync(bed.Engine());

        Assert.Equal(1, status.DeliveredSeq);
        Assert.Equal(0, status.DeadLetters);
        var order = Assert.Single(bed.Simulator.Account.Orders());
        Assert.Equal("KRT-" + sale.Id.ToString("N"), order.Note);
        Assert.Equal("Kiosk kiosk-1 kvittering 17", order.Heading);
        Assert.Equal(900, order.CustomerId);
        Assert.True(order.IsBooked && order.IsShipped && order.IsInvoiced);
        var line = Assert.Single(order.Lines);
        Assert.Equal(("MLK-1L", 2m, 19.48m), (line.ItemId, line.Quantity, line.LinePrice)); // 22.40 incl. 15 % VAT
        Assert.True(bed.Simulator.Account.GetInvoice(order.InvoiceId!.Value).IsBooked);
        Assert.Equal(58m, bed.OnHand("MLK-1L"));
        var product = bed.Simulator.Account.GetProduct("MLK-1L");
        Assert.Equal(0m, product.Locations["1"].InOrder);
    }

    [Theory]
    [InlineData("POST /api/orders/drafts")]
    [InlineData("PUT /api/orders/5001/fields")]
    [InlineData("POST /api/orders/5001/book")]
    [InlineData("/create-shipment")]
    [InlineData("/mark-shipped")]
    [InlineData("/convert-to-invoice")]
    public async Task A_lost_answer_at_any_step_is_resolved_by_reading_rackbeat_and_nothing_is_done_twice(string step)
    {
        await using var bed = await StartAsync("invoice", kioskRefField: 7);
        await bed.SaleAsync(1, Batteries, 3);
        bed.Simulator.Faults.Add(new FaultRule { Match = step, Kind = "drop" });
        var engine = bed.Engine();

        var first = await engine.SyncNowAsync(CancellationToken.None);
        Assert.Equal(1, first.Pending);
        var status = await KioskFixture.DrainAsync(engine);

        Assert.Equal(0, status.Pending);
        var order = Assert.Single(bed.Simulator.Account.Orders());
        Assert.Equal(1, order.BookCount);
        Assert.Equal("KRT-", order.Fields[7][..4]);
        Assert.Single(bed.Simulator.Account.Invoices());
        Assert.Equal(12m, bed.OnHand("BAT/AA4"));
    }

    [Fact]
    public async Task A_draft_whose_answer_never_came_is_found_by_search_on_the_note_after_a_restart()
    {
        await using var bed = await StartAsync(premium: false);
        await bed.SaleAsync(1);
        bed.Simulator.Faults.Add(new FaultRule { Match = "POST /api/orders/drafts", Kind = "hang" });

        var first = await bed.Engine().SyncNowAsync(CancellationToken.None); // times out after 1 s: the draft may exist
        Assert.Equal(1, first.Pending);
        bed.Restart();
        Assert.Empty(bed.Simulator.Account.Orders()); // the hang did nothing: the lookup must find none and create it once
        var status = await KioskFixture.DrainAsync(bed.Engine());

        Assert.Equal(0, status.Pending);
        Assert.Single(bed.Simulator.Account.Orders());
        Assert.Contains(bed.Simulator.Faults.Requests(), r => r.StartsWith("GET /api/orders?search=KRT-", StringComparison.Ordinal) && r.Contains("date_from=", StringComparison.Ordinal));
        Assert.Equal(58m, bed.OnHand("MLK-1L"));
    }

    [Fact]
    public async Task A_draft_committed_then_dropped_before_a_restart_is_found_and_carried_on_not_created_again()
    {
        await using var bed = await StartAsync(kioskRefField: 7);
        await bed.SaleAsync(1);
        bed.Simulator.Faults.Add(new FaultRule { Match = "POST /api/orders/drafts", Kind = "drop" });
        await bed.Engine().SyncNowAsync(CancellationToken.None);
        bed.Restart();

        var status = await KioskFixture.DrainAsync(bed.Engine());

        Assert.Equal(0, status.Pending);
        var order = Assert.Single(bed.Simulator.Account.Orders());
        Assert.True(order.IsInvoiced);
        Assert.True(bed.Log.Has(Microsoft.Extensions.Logging.LogLevel.Information, "already holds order 5001"));
        Assert.Equal(58m, bed.OnHand("MLK-1L"));
    }

    [Fact]
    public async Task Many_sales_through_mixed_faults_move_on_hand_exactly_by_what_was_sold()
    {
        await using var bed = await StartAsync("invoice");
        for (var i = 1; i <= 30; i++)
        {
            await bed.SaleAsync(i, i % 2 == 0 ? Milk : Cheese, 1);
        }

        var steps = new[] { "POST /api/orders/drafts", "/book", "/create-shipment", "/mark-shipped", "/convert-to-invoice" };
        var kinds = new[] { "drop", "status", "hang", "drop", "status" };
        for (var i = 0; i < 25; i++)
        {
            bed.Simulator.Faults.Add(new FaultRule { Match = steps[i % steps.Length], Kind = kinds[(i / 5) % kinds.Length], Status = i % 2 == 0 ? 503 : 500 });
        }

        var status = await KioskFixture.DrainAsync(bed.Engine(), maxAttempts: 500);

        Assert.Equal(30, status.DeliveredSeq);
        Assert.Equal(0, status.DeadLetters);
        var orders = bed.Simulator.Account.Orders();
        Assert.Equal(30, orders.Count);
        Assert.Equal(30, orders.Select(o => o.Note).Distinct().Count());
        Assert.All(orders, o => Assert.Equal(1, o.BookCount));
        Assert.Equal(30, bed.Simulator.Account.Invoices().Count);
        Assert.Equal(60m - 15m, bed.OnHand("MLK-1L"));
        Assert.Equal(24m - 15m, bed.OnHand("BRU-500"));
    }
}
