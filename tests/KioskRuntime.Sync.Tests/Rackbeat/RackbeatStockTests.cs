using KioskRuntime.RackbeatSimulator;
using KioskRuntime.Sync.Tests.Support;
using static KioskRuntime.Sync.Tests.Rackbeat.RackbeatBed;

namespace KioskRuntime.Sync.Tests.Rackbeat;

/// <summary>Returns (credit notes with reversal, or the stock-only alternative) and adjustments (read, target, book) against the simulator.</summary>
public sealed class RackbeatStockTests
{
    [Theory]
    [InlineData("shipment")]
    [InlineData("invoice")]
    public async Task A_return_is_a_credit_note_of_the_sales_invoice_booked_with_inventory_reversal(string mode)
    {
        await using var bed = await StartAsync(mode);
        var sale = await bed.SaleAsync(1, Milk, 3);
        await bed.ReturnAsync(2, sale, Milk, 1);
        bed.Simulator.Faults.Add(new FaultRule { Match = "/create-creditnote", Kind = "drop" });
        bed.Simulator.Faults.Add(new FaultRule { Match = "POST /api/customer-invoices/30002/book", Kind = "drop" });

        var status = await KioskFixture.DrainAsync(bed.Engine());

        Assert.Equal(2, status.DeliveredSeq);
        Assert.Equal(0, status.DeadLetters);
        var invoices = bed.Simulator.Account.Invoices();
        var note = Assert.Single(invoices, i => i.IsCreditNote);
        Assert.Equal(invoices.Single(i => !i.IsCreditNote).Number, note.CreditedInvoice);
        Assert.True(note.IsBooked && note.InventoryReversed);
        Assert.Equal(1, note.BookCount);
        Assert.Equal(1m, Assert.Single(note.Lines).Quantity);
        Assert.Equal(60m - 3m + 1m, bed.OnHand("MLK-1L"));
    }

    [Fact]
    public async Task Returns_never_credit_more_than_was_sold_and_the_refusal_says_so()
    {
        await using var bed = await StartAsync();
        var sale = await bed.SaleAsync(1, Milk, 2);
        await bed.ReturnAsync(2, sale, Milk, 1);
        await bed.ReturnAsync(3, sale, Milk, 2);
        var engine = bed.Engine();

        var status = await KioskFixture.DrainAsync(engine);

        Assert.Equal(3, status.DeliveredSeq);
        var letter = Assert.Single(engine.DeadLetters());
        Assert.Equal(3, letter.Seq);
        Assert.Contains("exceeds the sale", letter.Reason, StringComparison.Ordinal);
        Assert.Contains("2 sold, 1 already returned", letter.Reason, StringComparison.Ordinal);
        Assert.Equal(60m - 2m + 1m, bed.OnHand("MLK-1L"));
    }

    [Fact]
    public async Task A_return_of_a_sale_without_an_invoice_in_rackbeat_adds_the_stock_back_with_an_adjustment()
    {
        await using var bed = await StartAsync();
        // A sale Rackbeat never saw (sold before the kiosk was linked to it): the adapter holds no order or invoice for seq 1.
        var unseen = await bed.Kiosk.JournalAsync("receipt-printed", """{"receiptNo":1,"saleSeq":1,"kind":"sale","outcome":"printed"}""");
        await bed.ReturnAsync(2, unseen, Milk, 2);

        var status = await KioskFixture.DrainAsync(bed.Engine());

        Assert.Equal(2, status.DeliveredSeq);
        Assert.Equal(0, status.DeadLetters);
        var adjustment = Assert.Single(bed.Simulator.Account.Adjustments());
        Assert.True(adjustment.IsBooked);
        Assert.Equal(62m, adjustment.Quantity);
        Assert.StartsWith("Sales: KRT-", adjustment.Reason, StringComparison.Ordinal);
        Assert.Equal(62m, bed.OnHand("MLK-1L"));
    }

    [Fact]
    public async Task A_return_of_an_item_the_refused_sale_did_not_sell_is_refused()
    {
        await using var bed = await StartAsync();
        var refused = await bed.Kiosk.JournalAsync("sale", ContractPayloads.Sale(1, Unknown, 1)); // Rackbeat refuses the item: no invoice
        await bed.ReturnAsync(2, refused, Milk, 2);
        var engine = bed.Engine();

        await KioskFixture.DrainAsync(engine);

        Assert.Equal([1L, 2L], engine.DeadLetters().Select(d => d.Seq));
        Assert.Contains("exceeds the sale", engine.DeadLetters()[1].Reason, StringComparison.Ordinal);
        Assert.Empty(bed.Simulator.Account.Adjustments());
        Assert.Equal(60m, bed.OnHand("MLK-1L"));
    }

    [Fact]
    public async Task An_adjustment_reads_on_hand_sends_the_target_with_the_mapped_reason_and_books_it_once()
    {
        await using var bed = await StartAsync();
        await bed.AdjustAsync(Batteries, "-2", "damage");
        await bed.AdjustAsync(Cheese, "0");
        bed.Simulator.Faults.Add(new FaultRule { Match = "POST /api/inventory-adjustments", Kind = "drop", Times = 1 });
        bed.Simulator.Faults.Add(new FaultRule { Match = "/book", Kind = "drop", Times = 1 });

        var status = await KioskFixture.DrainAsync(bed.Engine());

        Assert.Equal(2, status.DeliveredSeq);
        Assert.Equal(0, status.DeadLetters);
        var adjustment = Assert.Single(bed.Simulator.Account.Adjustments());
        Assert.Equal(("BAT/AA4", "1", 13m, true, 1), (adjustment.ItemId, adjustment.Location, adjustment.Quantity, adjustment.IsBooked, adjustment.BookCount));
        Assert.StartsWith("Waste: KRT-", adjustment.Reason, StringComparison.Ordinal);
        Assert.EndsWith("damage (s7)", adjustment.Reason, StringComparison.Ordinal);
        Assert.Equal(13m, bed.OnHand("BAT/AA4"));
        Assert.Equal(24m, bed.OnHand("BRU-500"));
        Assert.Contains(bed.Simulator.Faults.Requests(), r => r.StartsWith("GET /api/products/BAT%2FAA4/locations", StringComparison.Ordinal));
        Assert.DoesNotContain(bed.Simulator.Faults.Requests(), r => r.Contains("BRU-500", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sale_elsewhere_between_reading_on_hand_and_creating_the_target_is_not_lost()
    {
        await using var bed = await StartAsync();
        await bed.AdjustAsync(Milk, "+5", "received");
        // Another channel sells 4 right after our first read: a target computed from that read would overwrite the sale.
        bed.Simulator.Faults.Add(new FaultRule { Match = "GET /api/products/MLK-1L/locations", Kind = "then-move", Item = "MLK-1L", Location = "1", Change = -4 });

        var status = await KioskFixture.DrainAsync(bed.Engine());

        Assert.Equal(1, status.DeliveredSeq);
        Assert.Equal(0, status.DeadLetters);
        Assert.Equal(60m - 4m + 5m, bed.OnHand("MLK-1L"));
        var adjustment = Assert.Single(bed.Simulator.Account.Adjustments()); // the stale draft was deleted
        Assert.Equal((61m, 5m), (adjustment.Quantity, adjustment.Change));
        Assert.True(bed.Log.Has(Microsoft.Extensions.Logging.LogLevel.Warning, "deleting the draft"));
    }

    [Fact]
    public async Task Sales_returns_and_adjustments_in_both_directions_add_up_exactly()
    {
        await using var bed = await StartAsync("invoice");
        var sales = new List<KioskRuntime.Journal.JournalEntry>();
        for (var i = 1; i <= 8; i++)
        {
            sales.Add(await bed.SaleAsync(i, i % 2 == 0 ? Milk : Batteries, 2));
        }

        await bed.ReturnAsync(20, sales[1], Milk, 1);
        await bed.ReturnAsync(21, sales[2], Batteries, 2);
        await bed.AdjustAsync(Milk, "-3", "theft");
        await bed.AdjustAsync(Batteries, "4", "received");
        string[] steps = ["/create-creditnote", "POST /api/inventory-adjustments", "/mark-shipped", "/book", "locations"];
        foreach (var step in steps)
        {
            bed.Simulator.Faults.Add(new FaultRule { Match = step, Kind = "drop" });
            bed.Simulator.Faults.Add(new FaultRule { Match = step, Kind = "status", Status = 502 });
        }

        var status = await KioskFixture.DrainAsync(bed.Engine(), maxAttempts: 300);

        Assert.Equal(12, status.DeliveredSeq);
        Assert.Equal(0, status.DeadLetters);
        Assert.Equal(60m - 8m + 1m - 3m, bed.OnHand("MLK-1L"));
        Assert.Equal(15m - 8m + 2m + 4m, bed.OnHand("BAT/AA4"));
    }
}
