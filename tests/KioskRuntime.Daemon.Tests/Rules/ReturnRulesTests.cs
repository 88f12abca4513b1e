using KioskRuntime.Daemon.Rules;
using KioskRuntime.Barcodes;
using KioskRuntime.Domain;
using KioskRuntime.Hardware.Profiles;

namespace KioskRuntime.Daemon.Tests.Rules;

public sealed class ReturnRulesTests
{
    private const string Token = "0123456789abcdef01234567";
    private static readonly DateTimeOffset SoldAt = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private static readonly SaleRecordDocument Sale = new() { ReceiptNo = 7, Seq = 12, Id = "id", PayloadJson = "{}", ReturnToken = Token, OccurredAt = SoldAt };
    private static readonly ReturnPolicy Policy = new() { Window = TimeSpan.FromDays(30) };

    private static string? WhyNot(
        string codeKiosk = "k1", bool busy = false, SaleRecordDocument? original = null, PaymentIntentDocument? unresolved = null, bool noOriginal = false,
        string token = Token, TimeSpan? after = null) =>
        ReturnRules.WhyNotStart("k1", codeKiosk, 7, token, busy, noOriginal ? null : original ?? Sale, unresolved, SoldAt + (after ?? TimeSpan.FromDays(1)), Policy);

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
        Assert.Equal("the return code for receipt 7 is not valid at this kiosk", WhyNot(noOriginal: true));

    [Fact]
    public void Not_with_a_token_other_than_the_journaled_one()
    {
        Assert.Equal("the return code for receipt 7 is not valid at this kiosk", WhyNot(token: "0123456789abcdef01234568"));
        Assert.Equal("the return code for receipt 7 is not valid at this kiosk", WhyNot(original: new SaleRecordDocument { ReceiptNo = 7, OccurredAt = SoldAt }));
    }

    [Fact]
    public void Not_a_return_receipt() =>
        Assert.Equal("the return code for receipt 7 is not valid at this kiosk", WhyNot(original: new SaleRecordDocument { ReceiptNo = 7, IsReturn = true, ReturnToken = Token }));

    [Fact]
    public void Not_twice() =>
        Assert.Equal("receipt 7 was already returned", WhyNot(original: new SaleRecordDocument { ReceiptNo = 7, Returned = true, ReturnToken = Token }));

    [Fact]
    public void Not_after_the_window()
    {
        Assert.Null(WhyNot(after: TimeSpan.FromDays(30)));
        Assert.Equal("receipt 7 is from 2026-11-27: returns are accepted for 30 days; ask the staff", WhyNot(after: TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Not_while_an_earlier_refund_of_it_has_no_known_outcome()
    {
        var open = new PaymentIntentDocument { IntentId = "r1", Kind = "refund", Status = "unknown", CreatedAt = new DateTimeOffset(2026, 11, 27, 9, 30, 0, TimeSpan.Zero) };
        Assert.Equal("a refund of receipt 7 (2026-11-27 09:30) has no known outcome yet; ask the staff", WhyNot(unresolved: open));
    }

    [Fact]
    public void Goods_scanned_back_count_only_against_what_was_sold()
    {
        SaleLinePayload Line(string gtin, string qty, string? unit = null) => new(gtin, "X" + gtin[^1], qty, "1.00", "15", "1.00", unit);
        var lines = new[] { Line("07038010001659", "2"), Line("02300012000004", "0.512", "kg") };
        var scanned = new decimal[2];
        Gtin G(string text) => Gtin.TryParse(text, out var g, out _) ? g : throw new InvalidOperationException(text);

        Assert.Equal((0, 1m, null), ReturnRules.ScanBack(7, lines, scanned, G("07038010001659")));
        scanned[0] = 2m;
        Assert.Equal("all 2 of X9 from receipt 7 are already scanned back", ReturnRules.ScanBack(7, lines, scanned, G("07038010001659")).Refusal);
        Assert.Equal((1, 0.512m, null), ReturnRules.ScanBack(7, lines, scanned, G("02300012000004")));
        Assert.Equal("07040030001106 was not sold on receipt 7", ReturnRules.ScanBack(7, lines, scanned, G("07040030001106")).Refusal);
        Assert.Equal("scan every item of receipt 7 back first; missing: 0.512 x X4", ReturnRules.WhyNotRefund(7, lines, scanned, Money.Of(2.51m), "staff-card:kari", Policy));
        scanned[1] = 0.512m;
        Assert.Null(ReturnRules.WhyNotRefund(7, lines, scanned, Money.Of(2.51m), "staff-card:kari", Policy));
        Assert.Equal("a refund of 2.51 needs a staff approval: present a staff card", ReturnRules.WhyNotRefund(7, lines, scanned, Money.Of(2.51m), null, Policy));
        Assert.Null(ReturnRules.WhyNotRefund(7, lines, scanned, Money.Of(2.51m), null, Policy with { ApprovalAbove = 500m }));
        Assert.Equal(
            "a refund of 500.01 needs a staff approval: present a staff card",
            ReturnRules.WhyNotRefund(7, lines, scanned, Money.Of(500.01m), null, Policy with { ApprovalAbove = 500m }));
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
