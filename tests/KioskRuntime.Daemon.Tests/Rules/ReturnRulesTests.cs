using KioskRuntime.Daemon.Rules;
using KioskRuntime.Domain;

namespace KioskRuntime.Daemon.Tests.Rules;

public sealed class ReturnRulesTests
{
    private static readonly SaleRecordDocument Sale = new() { ReceiptNo = 7, Seq = 12, Id = "id", PayloadJson = "{}" };

    private static string? WhyNot(string codeKiosk = "k1", bool busy = false, SaleRecordDocument? original = null, PaymentIntentDocument? unresolved = null, bool noOriginal = false) =>
        ReturnRules.WhyNotStart("k1", codeKiosk, 7, busy, noOriginal ? null : original ?? Sale, unresolved);

    [Fact]
    public void A_sale_of_this_kiosk_may_be_returned() => Assert.Null(WhyNot());

    [Fact]
    public void A_receipt_of_another_kiosk_is_refused() =>
        Assert.Equal("receipt 7 was issued by kiosk 'k2', not this one", WhyNot(codeKiosk: "k2"));

    [Fact]
    public void Not_while_a_purchase_is_open() =>
        Assert.Equal("finish or cancel the current purchase before a return", WhyNot(busy: true));

    [Fact]
    public void Not_a_receipt_the_journal_does_not_have() =>
        Assert.Equal("no sale with receipt number 7 in this kiosk's journal", WhyNot(noOriginal: true));

    [Fact]
    public void Not_a_return_receipt() =>
        Assert.Equal("receipt 7 is a return receipt", WhyNot(original: new SaleRecordDocument { ReceiptNo = 7, IsReturn = true }));

    [Fact]
    public void Not_twice() =>
        Assert.Equal("receipt 7 was already returned", WhyNot(original: new SaleRecordDocument { ReceiptNo = 7, Returned = true }));

    [Fact]
    public void Not_while_an_earlier_refund_of_it_has_no_known_outcome()
    {
        var open = new PaymentIntentDocument { IntentId = "r1", Kind = "refund", Status = "unknown", CreatedAt = new DateTimeOffset(2026, 11, 27, 9, 30, 0, TimeSpan.Zero) };
        Assert.Equal("a refund of receipt 7 (2026-11-27 09:30) has no known outcome yet; ask the staff", WhyNot(unresolved: open));
    }

    [Fact]
    public void Only_a_card_payment_with_a_terminal_reference_is_refunded()
    {
        SalePayload Paid(params PaymentPayload[] payments) => new(7, "NOK", [], "10.00", [], payments.ToList(), "K1");
        Assert.Null(ReturnRules.RefundablePayment(Paid(new PaymentPayload("cash", "10.00", null, null))));
        Assert.Null(ReturnRules.RefundablePayment(Paid(new PaymentPayload("card", "10.00", null, "Visa"))));
        Assert.Equal("T-1", ReturnRules.RefundablePayment(Paid(new PaymentPayload("cash", "5.00", null, null), new PaymentPayload("card", "5.00", "T-1", "Visa")))?.TerminalRef);
    }
}
