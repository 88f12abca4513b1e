using KioskRuntime.Daemon.Tests.Support;
using KioskRuntime.Devices;
using KioskRuntime.Domain;
using KioskRuntime.Journal;

namespace KioskRuntime.Daemon.Tests.Flows;

/// <summary>
/// A wild number from the back office (stored before range checks, or any figure at the edge of decimal) must never fail a sale that
/// is already paid, and one bad record must not stop payment recovery (and so the host) at start.
/// </summary>
public sealed class WildCatalogValueTests
{
    private static void SetStock(KioskFixture kiosk, string gtin13, decimal quantity) =>
        kiosk.Journal.CommitAsync(new JournalWrite([], (state, _) => state.Put(StateCollections.Stock, KioskFixture.Key(gtin13), new StockDocument
        {
            Gtin = KioskFixture.Key(gtin13), Quantity = quantity,
        }))).GetAwaiter().GetResult();

    [Fact]
    public async Task An_overflowing_stock_figure_never_fails_a_paid_sale()
    {
        using var kiosk = new KioskFixture();
        SetStock(kiosk, KioskFixture.Jam, decimal.MinValue); // -7.9e28: one more sold overflows decimal
        await kiosk.Flows.Cart.ScanAsync(kiosk.Code(KioskFixture.Jam), CancellationToken.None);

        var sale = await kiosk.Flows.Cart.CheckoutAsync(CancellationToken.None);

        Assert.True(sale.Succeeded, sale.Message);
        Assert.Single(kiosk.Events(EventTypes.Sale));
        var stock = kiosk.Journal.GetState<StockDocument>(StateCollections.Stock, KioskFixture.Key(KioskFixture.Jam))!;
        Assert.Equal(decimal.MinValue, stock.Quantity);
        Assert.Contains("overflows; held at the edge", stock.Anomaly, StringComparison.Ordinal);
        Assert.Empty(kiosk.Flows.Cart.View.Lines);
    }

    [Fact]
    public async Task An_overflowing_stock_figure_never_fails_a_refund_either()
    {
        using var kiosk = new KioskFixture(returns: """{ "approval": { "above": "500.00" } }""");
        await kiosk.Flows.Cart.ScanAsync(kiosk.Code(KioskFixture.Jam), CancellationToken.None);
        var sale = await kiosk.Flows.Cart.CheckoutAsync(CancellationToken.None);
        SetStock(kiosk, KioskFixture.Jam, decimal.MaxValue);
        await kiosk.Flows.Cart.ScanAsync(kiosk.Code(kiosk.ReturnCodeOf(sale.ReceiptNo!.Value)), CancellationToken.None);
        await kiosk.Flows.Cart.ScanAsync(kiosk.Code(KioskFixture.Jam), CancellationToken.None);

        var refund = await kiosk.Flows.Cart.CheckoutAsync(CancellationToken.None);

        Assert.True(refund.Succeeded, refund.Message);
        Assert.Single(kiosk.Events(EventTypes.Return));
    }

    [Fact]
    public async Task A_catalog_price_beyond_the_range_is_not_sold()
    {
        using var kiosk = new KioskFixture();
        await kiosk.Journal.CommitAsync(new JournalWrite([], (state, _) => state.Put(StateCollections.Catalog, KioskFixture.Key(KioskFixture.Jam), new CatalogDocument
        {
            Gtin = KioskFixture.Key(KioskFixture.Jam), Name = "Wild", Price = "79228162514264337593543950335.00", VatRate = "15", Unit = "pcs",
        })));

        var scan = await kiosk.Flows.Cart.ScanAsync(kiosk.Code(KioskFixture.Jam), CancellationToken.None);

        Assert.False(scan.Accepted);
        Assert.StartsWith("catalog entry is broken: product 07038010001659: price", scan.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recovery_settles_every_other_intent_when_one_record_is_broken()
    {
        using var kiosk = new KioskFixture();
        var broken = await ApprovedIntentAsync(kiosk, "39.90", linesJson: "{ not json");
        var good = await ApprovedIntentAsync(kiosk, "20.00", linesJson: """[{"gtin":"07038010001659","name":"Blåbærsyltetøy 400 g","qty":"1","unitPrice":"20.00","vatRate":"15","lineTotal":"20.00","unit":"pcs"}]""");

        await kiosk.Flows.Recovery.RecoverAsync(CancellationToken.None); // today: the JsonException of the first ends recovery and the host

        Assert.Equal("pending", kiosk.Journal.GetState<PaymentIntentDocument>(StateCollections.Payments, broken)!.Status);
        Assert.Equal("completed", kiosk.Journal.GetState<PaymentIntentDocument>(StateCollections.Payments, good)!.Status);
        Assert.Single(kiosk.Events(EventTypes.Sale));
    }

    /// <summary>An intent journaled as pending whose payment the terminal approved (kioskd "died" before journaling the answer).</summary>
    private static async Task<string> ApprovedIntentAsync(KioskFixture kiosk, string amount, string linesJson)
    {
        var intent = new PaymentIntentDocument
        {
            IntentId = Guid.CreateVersion7().ToString("N"), ServiceId = KioskRuntime.Daemon.Flows.TerminalPayments.NewServiceId(), Kind = "sale", Amount = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture),
            Currency = "NOK", Status = "pending", LinesJson = linesJson, CreatedAt = kiosk.Time.GetUtcNow(),
        };
        await kiosk.Journal.CommitAsync(new JournalWrite([], (state, _) => state.Put(StateCollections.Payments, intent.IntentId, intent)));
        var paid = await kiosk.Terminal.PayAsync(new PaymentRequest(intent.IntentId, intent.ServiceId, intent.Amount, "NOK"), null, CancellationToken.None);
        Assert.Equal(PaymentResultKind.Approved, paid.Kind);
        return intent.IntentId;
    }
}
