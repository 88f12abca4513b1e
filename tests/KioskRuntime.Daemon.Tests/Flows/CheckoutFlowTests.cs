using System.Text.Json;
using KioskRuntime.Daemon.Tests.Support;
using KioskRuntime.Domain;

namespace KioskRuntime.Daemon.Tests.Flows;

/// <summary>Checkout through the real journal and the simulated terminal: the offline limit, an approved sale, a declined one.</summary>
public sealed class CheckoutFlowTests
{
    [Fact]
    public async Task Offline_a_cart_above_the_limit_is_refused_before_any_intent_is_journaled()
    {
        using var kiosk = new KioskFixture();
        kiosk.Upstream.Online = false;
        await kiosk.Flows.Cart.ScanAsync(kiosk.Code(KioskFixture.Pricey), CancellationToken.None);
        var seqBefore = kiosk.Journal.LastSeq;

        var outcome = await kiosk.Flows.Cart.CheckoutAsync(CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("offline limit of 2000.00", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(seqBefore, kiosk.Journal.LastSeq);
        Assert.Empty(kiosk.Events(EventTypes.PaymentIntent));
        Assert.Equal("2500.00", kiosk.Flows.Cart.View.Total); // the cart is kept: the customer may remove something
    }

    [Fact]
    public async Task Offline_a_cart_within_the_limit_is_sold()
    {
        using var kiosk = new KioskFixture();
        kiosk.Upstream.Online = false;
        await kiosk.Flows.Cart.ScanAsync(kiosk.Code(KioskFixture.Jam), CancellationToken.None);
        var outcome = await kiosk.Flows.Cart.CheckoutAsync(CancellationToken.None);
        Assert.True(outcome.Succeeded, outcome.Message);
    }

    [Fact]
    public async Task An_approved_payment_journals_intent_then_one_sale_and_empties_the_cart()
    {
        using var kiosk = new KioskFixture();
        await kiosk.Flows.Cart.ScanAsync(kiosk.Code(KioskFixture.Jam), CancellationToken.None);

        var outcome = await kiosk.Flows.Cart.CheckoutAsync(CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal(1, outcome.ReceiptNo);
        Assert.Equal("39.90", outcome.Total);
        var intent = Assert.Single(kiosk.Events(EventTypes.PaymentIntent));
        var sale = Assert.Single(kiosk.Events(EventTypes.Sale));
        Assert.True(intent.Seq < sale.Seq, "the intent is durable before the sale");
        Assert.Equal(outcome.Seq, sale.Seq);
        using var payload = JsonDocument.Parse(sale.PayloadJson);
        Assert.Equal("39.90", payload.RootElement.GetProperty("total").GetString());
        Assert.Empty(kiosk.Flows.Cart.View.Lines);
        Assert.Equal(-1m, kiosk.Journal.GetState<StockDocument>(StateCollections.Stock, KioskFixture.Key(KioskFixture.Jam))?.Quantity);
    }

    [Fact]
    public async Task A_declined_payment_sells_nothing_and_keeps_the_cart()
    {
        using var kiosk = new KioskFixture();
        await kiosk.Flows.Cart.ScanAsync(kiosk.Code(KioskFixture.Cheese), CancellationToken.None); // 20.13: declined

        var outcome = await kiosk.Flows.Cart.CheckoutAsync(CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.StartsWith("payment declined", outcome.Message, StringComparison.Ordinal);
        Assert.Empty(kiosk.Events(EventTypes.Sale));
        var decided = Assert.Single(kiosk.Events(EventTypes.PaymentOutcome));
        Assert.Contains("\"declined\"", decided.PayloadJson, StringComparison.Ordinal);
        Assert.Single(kiosk.Flows.Cart.View.Lines);
    }

    [Fact]
    public async Task An_empty_cart_is_not_checked_out()
    {
        using var kiosk = new KioskFixture();
        var outcome = await kiosk.Flows.Cart.CheckoutAsync(CancellationToken.None);
        Assert.False(outcome.Succeeded);
        Assert.Equal("the cart is empty", outcome.Message);
        Assert.Empty(kiosk.Journal.ReadEvents(1));
    }
}
