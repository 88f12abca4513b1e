using System.Text.Json;
using KioskRuntime.Daemon.Tests.Support;
using KioskRuntime.Domain;
using KioskRuntime.Simulation.Nexo;

namespace KioskRuntime.Daemon.Tests.Flows;

/// <summary>
/// Returns through the real journal and the simulated terminal's reversal: the unguessable return code, the window, the goods scanned
/// back, the staff approval, and the refund as a reversal of the original card payment.
/// </summary>
public sealed class ReturnsFlowTests
{
    private static async Task<long> SellJamAsync(KioskFixture kiosk)
    {
        await kiosk.Flows.Cart.ScanAsync(kiosk.Code(KioskFixture.Jam), CancellationToken.None);
        var sale = await kiosk.Flows.Cart.CheckoutAsync(CancellationToken.None);
        Assert.True(sale.Succeeded, sale.Message);
        return sale.ReceiptNo!.Value;
    }

    private static async Task<ScanOutcome> ScanAsync(KioskFixture kiosk, string data) =>
        await kiosk.Flows.Cart.ScanAsync(kiosk.Code(data), CancellationToken.None);

    private static bool Reversed(KioskFixture kiosk) => kiosk.Terminal.Transactions.Any(t => t.State == SimulatedState.Reversed);

    [Fact]
    public async Task A_receipt_is_refunded_once_to_the_same_card_with_who_approved_and_its_return_code_is_refused_after()
    {
        using var kiosk = new KioskFixture();
        var receiptNo = await SellJamAsync(kiosk);
        var code = kiosk.ReturnCodeOf(receiptNo);
        Assert.Matches($"^KRT:demo-kiosk-1:{receiptNo}:[0-9a-f]{{24}}$", code);

        var started = await ScanAsync(kiosk, code);
        Assert.True(started.Accepted, started.Message);
        Assert.Equal($"return of receipt {receiptNo}", started.Cart.Mode);
        var back = await ScanAsync(kiosk, KioskFixture.Jam);
        Assert.True(back.Accepted, back.Message);
        await kiosk.PresentKariAsync();
        var refunded = await kiosk.Flows.Cart.CheckoutAsync(CancellationToken.None);
        Assert.True(refunded.Succeeded, refunded.Message);

        var ret = Assert.Single(kiosk.Events(EventTypes.Return));
        Assert.Equal("staff-card:kari", JsonDocument.Parse(ret.PayloadJson).RootElement.GetProperty("approvedBy").GetString());
        Assert.Equal(0m, kiosk.Journal.GetState<StockDocument>(StateCollections.Stock, KioskFixture.Key(KioskFixture.Jam))?.Quantity);
        Assert.Equal("sale", kiosk.Flows.Cart.View.Mode);

        // The refund is the reversal of the original card payment (so it can only reach that card), not a new refund transaction.
        var only = Assert.Single(kiosk.Terminal.Transactions);
        Assert.Equal(SimulatedState.Reversed, only.State);

        var again = await ScanAsync(kiosk, code);
        Assert.False(again.Accepted);
        Assert.Equal($"receipt {receiptNo} was already returned", again.Message);
    }

    [Fact]
    public async Task A_guessed_return_code_is_refused()
    {
        using var kiosk = new KioskFixture();
        var receiptNo = await SellJamAsync(kiosk);

        // Today's printed form, the receipt number counted up: no return starts, no product is looked up.
        var guessed = await ScanAsync(kiosk, $"KRT:demo-kiosk-1:{receiptNo}");
        Assert.False(guessed.Accepted);
        Assert.Equal("this is not a valid return code", guessed.Message);
        Assert.Equal("sale", guessed.Cart.Mode);
    }

    [Fact]
    public async Task A_forged_return_code_is_refused_the_same_way_for_a_real_and_an_unknown_receipt()
    {
        using var kiosk = new KioskFixture();
        var receiptNo = await SellJamAsync(kiosk);
        var real = kiosk.ReturnCodeOf(receiptNo);
        var forged = real[..^24] + ReturnCode.NewToken();

        var outcome = await ScanAsync(kiosk, forged);
        Assert.False(outcome.Accepted);
        Assert.Equal($"the return code for receipt {receiptNo} is not valid at this kiosk", outcome.Message);
        var unknown = await ScanAsync(kiosk, ReturnCode.Format("demo-kiosk-1", receiptNo + 1, ReturnCode.NewToken()));
        Assert.Equal($"the return code for receipt {receiptNo + 1} is not valid at this kiosk", unknown.Message);
        Assert.Equal("sale", kiosk.Flows.Cart.View.Mode);
        Assert.False(Reversed(kiosk));
    }

    [Fact]
    public async Task A_return_code_of_another_kiosk_is_refused()
    {
        using var kiosk = new KioskFixture();
        var outcome = await ScanAsync(kiosk, ReturnCode.Format("other-kiosk", 1, ReturnCode.NewToken()));
        Assert.False(outcome.Accepted);
        Assert.Equal("receipt 1 was issued by kiosk 'other-kiosk', not this one", outcome.Message);
    }

    [Fact]
    public async Task A_return_beyond_the_profile_window_is_refused()
    {
        using var kiosk = new KioskFixture(returns: """{ "windowDays": 14 }""");
        var receiptNo = await SellJamAsync(kiosk);
        kiosk.Time.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));

        var outcome = await ScanAsync(kiosk, kiosk.ReturnCodeOf(receiptNo));
        Assert.False(outcome.Accepted);
        Assert.Equal($"receipt {receiptNo} is from 2026-11-27: returns are accepted for 14 days; ask the staff", outcome.Message);
    }

    [Fact]
    public async Task Only_goods_that_were_sold_count_and_at_most_as_many_as_were_sold()
    {
        using var kiosk = new KioskFixture();
        var receiptNo = await SellJamAsync(kiosk);
        await ScanAsync(kiosk, kiosk.ReturnCodeOf(receiptNo));
        await kiosk.PresentKariAsync();

        var nothingBack = await kiosk.Flows.Cart.CheckoutAsync(CancellationToken.None);
        Assert.False(nothingBack.Succeeded);
        Assert.Equal($"not refunding: scan every item of receipt {receiptNo} back first; missing: 1 x Blåbærsyltetøy 400 g", nothingBack.Message);

        var notSold = await ScanAsync(kiosk, KioskFixture.Cheese);
        Assert.False(notSold.Accepted);
        Assert.Equal($"{KioskFixture.Key(KioskFixture.Cheese)} was not sold on receipt {receiptNo}", notSold.Message);
        Assert.Equal($"return of receipt {receiptNo}, approved by staff-card:kari", notSold.Cart.Mode);

        Assert.True((await ScanAsync(kiosk, KioskFixture.Jam)).Accepted);
        var twice = await ScanAsync(kiosk, KioskFixture.Jam);
        Assert.False(twice.Accepted);
        Assert.Equal($"all 1 of Blåbærsyltetøy 400 g from receipt {receiptNo} are already scanned back", twice.Message);
        Assert.False(Reversed(kiosk));
        Assert.Empty(kiosk.Events(EventTypes.Return));
    }

    [Fact]
    public async Task Without_an_approval_the_refund_is_refused_when_the_profile_asks_for_one()
    {
        using var kiosk = new KioskFixture(); // no "returns" block: every refund needs a staff approval
        var receiptNo = await SellJamAsync(kiosk);
        await ScanAsync(kiosk, kiosk.ReturnCodeOf(receiptNo));
        await ScanAsync(kiosk, KioskFixture.Jam);

        var refused = await kiosk.Flows.Cart.CheckoutAsync(CancellationToken.None);
        Assert.False(refused.Succeeded);
        Assert.Equal("not refunding: a refund of 39.90 needs a staff approval: present a staff card", refused.Message);
        Assert.False(Reversed(kiosk));
        Assert.Empty(kiosk.Events(EventTypes.Return));
        Assert.Null(kiosk.Flows.Staff.Session); // the card presented during a return approves it; it does not start staff mode
    }

    [Fact]
    public async Task Below_the_profile_amount_no_approval_is_needed_and_none_is_recorded()
    {
        using var kiosk = new KioskFixture(returns: """{ "approval": { "above": "500.00" } }""");
        var receiptNo = await SellJamAsync(kiosk);
        await ScanAsync(kiosk, kiosk.ReturnCodeOf(receiptNo));
        await ScanAsync(kiosk, KioskFixture.Jam);

        var refunded = await kiosk.Flows.Cart.CheckoutAsync(CancellationToken.None);
        Assert.True(refunded.Succeeded, refunded.Message);
        Assert.False(JsonDocument.Parse(Assert.Single(kiosk.Events(EventTypes.Return)).PayloadJson).RootElement.TryGetProperty("approvedBy", out _));
    }

    [Fact]
    public async Task While_a_return_is_open_products_are_not_sold()
    {
        using var kiosk = new KioskFixture();
        var receiptNo = await SellJamAsync(kiosk);
        await ScanAsync(kiosk, kiosk.ReturnCodeOf(receiptNo));
        var product = await ScanAsync(kiosk, KioskFixture.Cheese);
        Assert.False(product.Accepted);
        Assert.Equal($"return of receipt {receiptNo}", product.Cart.Mode);
        Assert.Empty(product.Cart.Lines);
    }

    [Fact]
    public async Task With_a_cart_open_a_return_is_refused()
    {
        using var kiosk = new KioskFixture();
        var receiptNo = await SellJamAsync(kiosk);
        await ScanAsync(kiosk, KioskFixture.Cheese);
        var outcome = await ScanAsync(kiosk, kiosk.ReturnCodeOf(receiptNo));
        Assert.False(outcome.Accepted);
        Assert.Equal("finish or cancel the current purchase before a return", outcome.Message);
    }
}
