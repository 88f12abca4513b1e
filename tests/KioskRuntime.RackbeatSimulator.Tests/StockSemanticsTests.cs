using System.Net;
using System.Text.Json.Nodes;
using KioskRuntime.RackbeatSimulator.Account;

namespace KioskRuntime.RackbeatSimulator.Tests;

/// <summary>The documented stock semantics: booking reserves; shipment or invoice moves on-hand (per the account's mode); credit notes reverse.</summary>
public sealed class StockSemanticsTests
{
    [Fact]
    public async Task Booking_an_order_reserves_stock_and_leaves_on_hand_alone()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var client = new SimulatorClient(sim);

        await client.BookedOrderAsync(("MLK-1L", 3));

        Assert.Equal((60m, 3m, 57m), await client.StockAsync("MLK-1L"));
    }

    [Fact]
    public async Task With_stock_on_shipment_marking_shipped_moves_on_hand_once_and_the_invoice_moves_nothing()
    {
        await using var sim = await SimulatorHost.StartAsync("--stock-mode", "shipment");
        using var client = new SimulatorClient(sim);
        var order = await client.BookedOrderAsync(("MLK-1L", 3));

        var shipment = await client.PostAsync($"orders/{order}/create-shipment");
        Assert.Equal(HttpStatusCode.Created, shipment.Status);
        var id = shipment.Body!["order_shipment"]!["id"]!.GetValue<long>();
        Assert.Equal((60m, 3m, 57m), await client.StockAsync("MLK-1L"));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"orders/shipments/{id}/mark-shipped", new JsonObject { ["pick"] = true })).Status);
        Assert.Equal((57m, 0m, 57m), await client.StockAsync("MLK-1L"));
        var invoice = await client.PostAsync($"orders/{order}/convert-to-invoice?book=true");

        Assert.Equal(HttpStatusCode.Created, invoice.Status);
        Assert.Equal((57m, 0m, 57m), await client.StockAsync("MLK-1L"));
        var again = await client.PostAsync($"orders/shipments/{id}/mark-shipped", new JsonObject { ["pick"] = true });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.Status);
        Assert.Equal(57m, (await client.StockAsync("MLK-1L")).Stock);
    }

    [Fact]
    public async Task With_stock_on_invoice_shipping_moves_nothing_and_booking_the_invoice_moves_on_hand()
    {
        await using var sim = await SimulatorHost.StartAsync("--stock-mode", "invoice");
        using var client = new SimulatorClient(sim);
        var order = await client.BookedOrderAsync(("MLK-1L", 3));
        var id = (await client.PostAsync($"orders/{order}/create-shipment")).Body!["order_shipment"]!["id"]!.GetValue<long>();

        await client.PostAsync($"orders/shipments/{id}/mark-shipped", new JsonObject { ["pick"] = true });
        Assert.Equal((60m, 3m, 57m), await client.StockAsync("MLK-1L"));
        var draft = await client.PostAsync($"orders/{order}/convert-to-invoice?book=false");
        var invoice = draft.Body!["invoice_id"]!.GetValue<long>();
        Assert.Equal(60m, (await client.StockAsync("MLK-1L")).Stock);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"customer-invoices/{invoice}/book", new JsonObject())).Status);

        Assert.Equal((57m, 0m, 57m), await client.StockAsync("MLK-1L"));
        Assert.True((await client.GetAsync($"orders/{order}")).Body!["order"]!["is_invoiced"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_credit_note_with_inventory_reversal_puts_stock_back_and_never_credits_more_than_invoiced()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var client = new SimulatorClient(sim);
        var order = await client.BookedOrderAsync(("MLK-1L", 3), ("BRU-500", 1));
        var id = (await client.PostAsync($"orders/{order}/create-shipment")).Body!["order_shipment"]!["id"]!.GetValue<long>();
        await client.PostAsync($"orders/shipments/{id}/mark-shipped", new JsonObject { ["pick"] = true });
        var invoice = (await client.PostAsync($"orders/{order}/convert-to-invoice?book=true")).Body!["invoice_id"]!.GetValue<long>();

        var note = await client.PostAsync($"customer-invoices/{invoice}/create-creditnote", new JsonObject { ["lines"] = new JsonArray(new JsonObject { ["item_id"] = "MLK-1L", ["quantity"] = 2 }) });
        Assert.Equal(HttpStatusCode.Created, note.Status);
        var number = note.Body!["customer_invoice"]!["number"]!.GetValue<long>();
        Assert.Equal(57m, (await client.StockAsync("MLK-1L")).Stock);
        await client.PostAsync($"customer-invoices/{number}/book", new JsonObject { ["reverse_inventory"] = true });
        Assert.Equal(59m, (await client.StockAsync("MLK-1L")).Stock);

        var tooMany = await client.PostAsync($"customer-invoices/{invoice}/create-creditnote", new JsonObject { ["lines"] = new JsonArray(new JsonObject { ["item_id"] = "MLK-1L", ["quantity"] = 2 }) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.Status);
        Assert.Contains("already credited", tooMany.Body!["errors"]!["lines.0.quantity"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var plain = await client.PostAsync($"customer-invoices/{invoice}/create-creditnote", new JsonObject { ["lines"] = new JsonArray(new JsonObject { ["item_id"] = "BRU-500", ["quantity"] = 1 }) });
        await client.PostAsync($"customer-invoices/{plain.Body!["customer_invoice"]!["number"]}/book", new JsonObject());
        Assert.Equal(23m, (await client.StockAsync("BRU-500")).Stock); // booked without the reversal flag: stock stays out
    }

    [Fact]
    public async Task The_stock_mode_cannot_change_while_an_order_is_open()
    {
        await using var sim = await SimulatorHost.StartAsync();
        using var client = new SimulatorClient(sim);
        await client.BookedOrderAsync(("MLK-1L", 1));
        var settings = sim.Account.Settings;

        var error = Assert.Throws<RackbeatError>(() => sim.Account.Configure(new AccountSettings { StockMode = StockMode.Invoice, Token = settings.Token }));

        Assert.Equal("stock_mode", error.Errors.Keys.Single());
    }
}
