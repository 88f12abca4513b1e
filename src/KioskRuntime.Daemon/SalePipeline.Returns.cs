using KioskRuntime.Devices;
using KioskRuntime.Domain;
using KioskRuntime.Journal;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon;

public sealed partial class SalePipeline
{
    private async Task<ScanOutcome> StartReturnAsync(ScannedCode code, string kioskId, long receiptNo, CancellationToken ct)
    {
        if (kioskId != _profile.KioskId)
        {
            return await RejectAsync(code, $"receipt {receiptNo} was issued by kiosk '{kioskId}', not this one", ct).ConfigureAwait(false);
        }

        if (!_cart.IsEmpty || _return is not null)
        {
            return await RejectAsync(code, "finish or cancel the current purchase before a return", ct).ConfigureAwait(false);
        }

        var original = _journal.GetState<SaleRecordDocument>(StateCollections.Sales, Key(receiptNo));
        var refusal = original switch
        {
            null => $"no sale with receipt number {receiptNo} in this kiosk's journal",
            { IsReturn: true } => $"receipt {receiptNo} is a return receipt",
            { Returned: true } => $"receipt {receiptNo} was already returned",
            _ => null,
        };

        // A refund whose outcome is not known may have given the money back: refunding the receipt again could pay it twice.
        refusal ??= UnresolvedRefundOf(receiptNo) is { } open
            ? $"a refund of receipt {receiptNo} ({open.CreatedAt:yyyy-MM-dd HH:mm}) has no known outcome yet; ask the staff"
            : null;
        if (refusal is not null)
        {
            return await RejectAsync(code, refusal, ct).ConfigureAwait(false);
        }

        var sale = EventJson.Deserialize<SalePayload>(original!.PayloadJson);
        _return = new ReturnContext(original, sale, Money.Parse(sale.Total));
        PublishCart();
        await SignalAsync(code.Source, ScanFeedback.GoodRead, ct).ConfigureAwait(false);
        await ShowAsync($"Retur kvittering {receiptNo}", $"kr {_return.Total.Amount.ToString("N2", Norwegian)}", ct).ConfigureAwait(false);
        _logger.LogInformation("Return of receipt {ReceiptNo} (seq {Seq}, {Total}) started", receiptNo, original.Seq, sale.Total);
        return new ScanOutcome(true, $"return of receipt {receiptNo} ({sale.Total}) ready: check out to refund", _cartView);
    }

    private async Task<CheckoutOutcome> HandleReturnCheckoutAsync(CancellationToken ct)
    {
        var context = _return!;
        if (WhyNotSelling() is { } why)
        {
            return new CheckoutOutcome(false, $"not refunding: {why}");
        }

        if (UnresolvedRefundOf(context.OriginalReceiptNo) is not null)
        {
            return new CheckoutOutcome(false, $"not refunding: an earlier refund of receipt {context.OriginalReceiptNo} has no known outcome yet; ask the staff");
        }

        var card = context.Sale.Payments.FirstOrDefault(p => p.Method == "card" && p.TerminalRef is not null);
        if (card is null)
        {
            return new CheckoutOutcome(false, "only card sales can be refunded at an unattended kiosk; ask the staff");
        }

        var intent = new PaymentIntentDocument
        {
            IntentId = Guid.CreateVersion7(_time.GetUtcNow()).ToString("N"),
            ServiceId = NewServiceId(),
            Kind = "refund",
            Amount = context.Total.Amount,
            Currency = context.Sale.Currency,
            LinesJson = EventJson.Serialize(context.Sale.Lines),
            OriginalReceiptNo = context.OriginalReceiptNo,
            TerminalReference = card.TerminalRef,
            CreatedAt = _time.GetUtcNow(),
        };
        // The intent, with the ServiceID the reversal is sent under, is durable before the terminal is asked: after a crash or a lost
        // answer, recovery asks the terminal about this reversal by these ids (GetReversalStatusAsync).
        await CommitIntentAsync(intent, ct).ConfigureAwait(false);
        _killSwitch.At("refund-intent-journaled", intent.IntentId);
        var terminal = _devices.Terminal!;
        var request = new ReversalRequest(intent.IntentId, intent.ServiceId, card.TerminalRef!, context.Total.Amount, context.Sale.Currency);
        var result = await ReverseAsync(terminal, request, ct).ConfigureAwait(false);
        _killSwitch.At("refund-answer-received", intent.IntentId);
        if (result.Kind == PaymentResultKind.Unknown)
        {
            result = await AskStatusAsync(terminal, intent, TimeSpan.FromSeconds(_options.PaymentStatusWindowSeconds), ct).ConfigureAwait(false);
        }

        switch (result.Kind)
        {
            case PaymentResultKind.Approved:
                var outcome = await CompleteReturnAsync(intent, result, recovered: false, ct).ConfigureAwait(false);
                _return = null;
                PublishCart();
                return outcome;
            case PaymentResultKind.Unknown when IsNotFound(result):
                // Asked with the reversal's own ids, the terminal has no record of it: it never got the request, nothing was given back.
                await RecordOutcomeAsync(intent, "not-charged", result, recovered: false, ct).ConfigureAwait(false);
                return new CheckoutOutcome(false, $"refund not made: the terminal never received it ({result.Reason}); try again");
            case PaymentResultKind.Unknown:
                await RecordOutcomeAsync(intent, "unknown", result, recovered: false, ct).ConfigureAwait(false);
                await ShowAsync("Retur usikker", "Kontakt personalet", ct).ConfigureAwait(false);
                return new CheckoutOutcome(false, $"refund outcome unknown ({result.Reason}); the receipt stays blocked until it is reconciled");
            default:
                await RecordOutcomeAsync(intent, "declined", result, recovered: false, ct).ConfigureAwait(false);
                return new CheckoutOutcome(false, $"refund {result.Kind.ToString().ToLowerInvariant()}: {result.Reason}");
        }
    }

    private static async Task<PaymentResult> ReverseAsync(IPaymentTerminal terminal, ReversalRequest request, CancellationToken ct)
    {
        try
        {
            return await terminal.ReverseAsync(request, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or TimeoutException)
        {
            return new PaymentResult(PaymentResultKind.Unknown, null, null, null, e.Message);
        }
    }

    /// <summary>A refund intent for <paramref name="receiptNo"/> whose outcome is not known (pending, or unknown after asking), if any.</summary>
    private PaymentIntentDocument? UnresolvedRefundOf(long receiptNo) =>
        _journal.GetState<SaleRecordDocument>(StateCollections.Sales, Key(receiptNo))?.RefundIntentId is { } intentId
        && _journal.GetState<PaymentIntentDocument>(StateCollections.Payments, intentId) is { Status: "pending" or "unknown" } open
            ? open
            : null;

    /// <summary>One transaction: the return event, stock back, the original marked returned, the refund intent completed.</summary>
    private async Task<CheckoutOutcome> CompleteReturnAsync(PaymentIntentDocument intent, PaymentResult result, bool recovered, CancellationToken ct)
    {
        var original = _journal.GetState<SaleRecordDocument>(StateCollections.Sales, Key(intent.OriginalReceiptNo ?? 0))
            ?? throw new InvalidOperationException($"The refund intent {intent.IntentId} names receipt {intent.OriginalReceiptNo}, which is not in the journal.");
        var sale = EventJson.Deserialize<SalePayload>(original.PayloadJson);
        var receiptNo = NextReceiptNumber();
        var refunds = new List<PaymentPayload> { new("card", sale.Total, result.TerminalReference, result.CardBrand ?? sale.Payments.FirstOrDefault()?.CardBrand) };
        var payload = new ReturnPayload(receiptNo, original.Id, original.Seq, original.ReceiptNo, sale.Currency, sale.Lines, sale.Total, sale.Vat, refunds);
        var at = _time.GetUtcNow();
        var entries = await _journal.CommitAsync(
            new JournalWrite(
                [new NewEvent(EventTypes.Return, EventJson.Serialize(payload), at)],
                (state, written) =>
                {
                    ClaimReceiptNumber(state, receiptNo);
                    ApplyStock(state, SaleComposer.StockDeltas(sale, sign: +1), at);
                    var orig = state.Get<SaleRecordDocument>(StateCollections.Sales, Key(original.ReceiptNo))!;
                    if (orig.Returned)
                    {
                        throw new InvalidOperationException($"Receipt {original.ReceiptNo} was already returned.");
                    }

                    orig.Returned = true;
                    state.Put(StateCollections.Sales, Key(original.ReceiptNo), orig);
                    var doc = state.Get<PaymentIntentDocument>(StateCollections.Payments, intent.IntentId) ?? intent;
                    doc.Status = "completed";
                    doc.ResultSeq = written[0].Seq;
                    state.Put(StateCollections.Payments, intent.IntentId, doc);
                    state.Put(StateCollections.Sales, Key(receiptNo), new SaleRecordDocument
                    {
                        ReceiptNo = receiptNo, Seq = written[0].Seq, Id = written[0].Id.ToString(), PayloadJson = written[0].PayloadJson, OccurredAt = at, IsReturn = true,
                    });
                    state.Put(StateCollections.Receipts, Key(receiptNo), new ReceiptStateDocument { ReceiptNo = receiptNo, SaleSeq = written[0].Seq, Recovered = recovered });
                }),
            CancellationToken.None).ConfigureAwait(false); // the customer has paid: finish the event in flight even if shutdown began
        _upstream.Nudge();
        _logger.LogInformation("Return {ReceiptNo} of receipt {Original} journaled as seq {Seq}: refunded {Total}", receiptNo, original.ReceiptNo, entries[0].Seq, sale.Total);
        var printed = await PrintReceiptAsync(receiptNo, copy: false, ct).ConfigureAwait(false);
        await ShowAsync("Retur registrert", $"kr {Money.Parse(sale.Total).Amount.ToString("N2", Norwegian)} tilbake", ct).ConfigureAwait(false);
        return new CheckoutOutcome(true, "return completed", entries[0].Seq, receiptNo, sale.Total, printed);
    }

    private sealed record ReturnContext(SaleRecordDocument Original, SalePayload Sale, Money Total)
    {
        public long OriginalReceiptNo => Original.ReceiptNo;
    }
}
