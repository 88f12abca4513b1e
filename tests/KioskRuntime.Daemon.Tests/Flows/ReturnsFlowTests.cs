using KioskRuntime.Daemon.Tests.Support;
using KioskRuntime.Domain;

namespace KioskRuntime.Daemon.Tests.Flows;

/// <summary>Returns through the real journal and the simulated terminal's reversal.</summary>
public sealed class ReturnsFlowTests
{
    private static async Task<long> SellJamAsync(KioskFixture kiosk)
    {
        await kiosk.Flows.Cart.ScanAsync(kiosk.Code(KioskFixture.Jam), CancellationToken.None);
        var sale = await kiosk.Flows.Cart.CheckoutAsync(CancellationToken.None);
        Assert.True(sale.Succeeded, sale.Message);
        return sale.ReceiptNo!.Value;
    }

    [Fact]
    public async Task A_receipt_is_refunded_once_and_its_return_code_is_refused_after()
    {
        using var kiosk = new KioskFixture();
        var receiptNo = await SellJamAsync(kiosk);

        var started = await kiosk.Flows.Cart.ScanAsync(kiosk.Code($"KRT:demo-kiosk-1:{receiptNo}"), CancellationToken.None);
        Assert.True(started.Accepted, started.Message);
        Assert.Equal($"return of receipt {receiptNo}", started.Cart.Mode);
        var refunded = await kiosk.Flows.Cart.CheckoutAsync(CancellationToken.None);
        Assert.True(refunded.Succeeded, refunded.Message);
        Assert.Single(kiosk.Events(EventTypes.Return));
        Assert.Equal(0m, kiosk.Journal.GetState<StockDocument>(StateCollections.Stock, KioskFixture.Key(KioskFixture.Jam))?.Quantity);
        Assert.Equal("sale", kiosk.Flows.Cart.View.Mode);

        var again = await kiosk.Flows.Cart.ScanAsync(kiosk.Code($"KRT:demo-kiosk-1:{receiptNo}"), CancellationToken.None);
        Assert.False(again.Accepted);
        Assert.Equal($"receipt {receiptNo} was already returned", again.Message);
    }

    [Fact]
    public async Task A_return_code_of_another_kiosk_is_refused()
    {
        using var kiosk = new KioskFixture();
        var outcome = await kiosk.Flows.Cart.ScanAsync(kiosk.Code("KRT:other-kiosk:1"), CancellationToken.None);
        Assert.False(outcome.Accepted);
        Assert.Equal("receipt 1 was issued by kiosk 'other-kiosk', not this one", outcome.Message);
    }

    [Fact]
    public async Task While_a_return_is_open_products_are_refused()
    {
        using var kiosk = new KioskFixture();
        var receiptNo = await SellJamAsync(kiosk);
        await kiosk.Flows.Cart.ScanAsync(kiosk.Code($"KRT:demo-kiosk-1:{receiptNo}"), CancellationToken.None);
        var product = await kiosk.Flows.Cart.ScanAsync(kiosk.Code(KioskFixture.Cheese), CancellationToken.None);
        Assert.False(product.Accepted);
        Assert.Equal("a return is in progress: check out or cancel it first", product.Message);
    }

    [Fact]
    public async Task With_a_cart_open_a_return_is_refused()
    {
        using var kiosk = new KioskFixture();
        var receiptNo = await SellJamAsync(kiosk);
        await kiosk.Flows.Cart.ScanAsync(kiosk.Code(KioskFixture.Cheese), CancellationToken.None);
        var outcome = await kiosk.Flows.Cart.ScanAsync(kiosk.Code($"KRT:demo-kiosk-1:{receiptNo}"), CancellationToken.None);
        Assert.False(outcome.Accepted);
        Assert.Equal("finish or cancel the current purchase before a return", outcome.Message);
    }
}
