using KioskRuntime.Barcodes;
using KioskRuntime.Daemon.Rules;
using KioskRuntime.Devices;
using KioskRuntime.Domain;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Journal;
using Microsoft.Extensions.Logging;
using static KioskRuntime.Daemon.Flows.SaleLedger;

namespace KioskRuntime.Daemon.Flows;

/// <summary>
/// Returns: a receipt's unguessable return code starts a return within the profile's window (<see cref="ReturnRules"/>), every item is
/// scanned back (<see cref="ScanBackAsync"/>), a staff card approves it when the profile asks (<see cref="ApproveAsync"/>); checkout then
/// refunds it as a reversal of the original card payment (so to the same card only; intent journaled first, status asked by the
/// refund's own ids), and ONE transaction records the return with who approved it (stock back, original marked returned). Owns the
/// return in progress (loop only).
/// </summary>
internal sealed class ReturnsFlow(
    KioskJournal journal,
    string kioskId,
    ReturnPolicy policy,
    IReadOnlyList<IDevice> devices,
    TerminalPayments payments,
    ReceiptsFlow receipts,
    CustomerFeedback feedback,
    SaleReadiness readiness,
    IUpstreamLink upstream,
    IKioskFaults faults,
    TimeProvider time,
    ILogger<ReturnsFlow> logger)
{
    /// <summary>The return in progress, or null.</summary>
    public ReturnInProgress? Current { get; private set; }

    public void Cancel() => Current = null;

    public async Task<FlowAnswer> StartAsync(ScannedCode code, string codeKioskId, long receiptNo, string token, bool cartBusy, CancellationToken ct)
    {
        var original = codeKioskId == kioskId ? journal.GetState<SaleRecordDocument>(StateCollections.Sales, Key(receiptNo)) : null;
        var refusal = ReturnRules.WhyNotStart(
            kioskId, codeKioskId, receiptNo, token, cartBusy || Current is not null, original, UnresolvedRefundOf(receiptNo), time.GetUtcNow(), policy);
        if (refusal is not null)
        {
            logger.LogWarning("Return code for receipt {ReceiptNo} refused: {Reason}", receiptNo, refusal);
            return await feedback.RejectAsync(code, refusal, ct).ConfigureAwait(false);
        }

        var sale = EventJson.Deserialize<SalePayload>(original!.PayloadJson);
        Current = new ReturnInProgress(original, sale, Money.Parse(sale.Total), new decimal[sale.Lines.Count], null);
        await feedback.SignalAsync(code.Source, ScanFeedback.GoodRead, ct).ConfigureAwait(false);
        await feedback.ShowAsync($"Retur kvittering {receiptNo}", "Skann varene", ct).ConfigureAwait(false);
        logger.LogInformation("Return of receipt {ReceiptNo} (seq {Seq}, {Total}) started", receiptNo, original.Seq, sale.Total);
        return new FlowAnswer(true, $"return of receipt {receiptNo} ({sale.Total}) started: scan every item back, then check out to refund");
    }

    /// <summary>An item scanned back during the return in progress: counts only against what the receipt sold and is not yet back.</summary>
    public async Task<FlowAnswer> ScanBackAsync(ScannedCode code, Gtin gtin, CancellationToken ct)
    {
        var context = Current ?? throw new InvalidOperationException("No return is in progress.");
        var (line, quantity, refusal) = ReturnRules.ScanBack(context.OriginalReceiptNo, context.Sale.Lines, context.ScannedBack, gtin);
        if (refusal is not null)
        {
            return await feedback.RejectAsync(code, refusal, ct).ConfigureAwait(false);
        }

        context.ScannedBack[line] += quantity;
        var name = context.Sale.Lines[line].Name;
        await feedback.SignalAsync(code.Source, ScanFeedback.GoodRead, ct).ConfigureAwait(false);
        await feedback.ShowAsync(CustomerFeedback.Fit(name), "Retur", ct).ConfigureAwait(false);
        return new FlowAnswer(true, $"{name} scanned back ({context.ScannedBack[line]} of {context.Sale.Lines[line].Qty})");
    }

    /// <summary>A member of staff approved the return in progress (their card on the reader); recorded in the return event.</summary>
    public async Task<FlowAnswer> ApproveAsync(string approvedBy, CancellationToken ct)
    {
        var context = Current ?? throw new InvalidOperationException("No return is in progress.");
        Current = context with { ApprovedBy = approvedBy };
        logger.LogInformation("Return of receipt {ReceiptNo} approved by {ApprovedBy}", context.OriginalReceiptNo, approvedBy);
        await feedback.ShowAsync("Retur godkjent", "", ct).ConfigureAwait(false);
        return new FlowAnswer(true, $"return of receipt {context.OriginalReceiptNo} approved by {approvedBy}");
    }

    /// <summary>Refunds the return in progress (there must be one).</summary>
    public async Task<CheckoutOutcome> CheckoutAsync(CancellationToken ct)
    {
        var context = Current ?? throw new InvalidOperationException("No return is in progress.");
        if (readiness.WhyNotSelling() is { } why)
        {
            return new CheckoutOutcome(false, $"not refunding: {why}");
        }

        if (UnresolvedRefundOf(context.OriginalReceiptNo) is not null)
        {
            return new CheckoutOutcome(false, $"not refunding: an earlier refund of receipt {context.OriginalReceiptNo} has no known outcome yet; ask the staff");
        }

        if (ReturnRules.WhyNotRefund(context.OriginalReceiptNo, context.Sale.Lines, context.ScannedBack, context.Total, context.ApprovedBy, policy) is { } notYet)
        {
            return new CheckoutOutcome(false, $"not refunding: {notYet}");
        }

        if (ReturnRules.RefundablePayment(context.Sale) is not { } card)
        {
            return new CheckoutOutcome(false, "only card sales can be refunded at an unattended kiosk; ask the staff");
        }

        var intent = new PaymentIntentDocument
        {
            IntentId = Guid.CreateVersion7(time.GetUtcNow()).ToString("N"),
            ServiceId = TerminalPayments.NewServiceId(),
            Kind = "refund",
            Amount = context.Total.Amount,
            Currency = context.Sale.Currency,
            LinesJson = EventJson.Serialize(context.Sale.Lines),
            OriginalReceiptNo = context.OriginalReceiptNo,
            TerminalReference = card.TerminalRef,
            ApprovedBy = context.ApprovedBy,
            CreatedAt = time.GetUtcNow(),
        };

        // The intent, with the ServiceID the reversal is sent under, is durable before the terminal is asked: after a crash or a lost
        // answer, recovery asks the terminal about this reversal by these ids (GetReversalStatusAsync).
        await payments.CommitIntentAsync(intent, ct).ConfigureAwait(false);
        faults.AtStep("refund-intent-journaled", intent.IntentId);
        var terminal = devices.OfType<IPaymentTerminal>().First();
        var request = new ReversalRequest(intent.IntentId, intent.ServiceId, card.TerminalRef!, context.Total.Amount, context.Sale.Currency);
        var result = await TerminalPayments.ReverseAsync(terminal, request, ct).ConfigureAwait(false);
        faults.AtStep("refund-answer-received", intent.IntentId);
        if (result.Kind == PaymentResultKind.Unknown)
        {
            result = await payments.AskStatusAsync(terminal, intent, ct).ConfigureAwait(false);
        }

        switch (result.Kind)
        {
            case PaymentResultKind.Approved:
                var outcome = await CompleteReturnAsync(intent, result, recovered: false, ct).ConfigureAwait(false);
                Current = null;
                return outcome;
            case PaymentResultKind.Unknown when TerminalPayments.IsNotFound(result):
                // Asked with the reversal's own ids, the terminal has no record of it: it never got the request, nothing was given back.
                await payments.RecordOutcomeAsync(intent, "not-charged", result, recovered: false, ct).ConfigureAwait(false);
                return new CheckoutOutcome(false, $"refund not made: the terminal never received it ({result.Reason}); try again");
            case PaymentResultKind.Unknown:
                await payments.RecordOutcomeAsync(intent, "unknown", result, recovered: false, ct).ConfigureAwait(false);
                await feedback.ShowAsync("Retur usikker", "Kontakt personalet", ct).ConfigureAwait(false);
                return new CheckoutOutcome(false, $"refund outcome unknown ({result.Reason}); the receipt stays blocked until it is reconciled");
            default:
                await payments.RecordOutcomeAsync(intent, "declined", result, recovered: false, ct).ConfigureAwait(false);
                return new CheckoutOutcome(false, $"refund {result.Kind.ToString().ToLowerInvariant()}: {result.Reason}");
        }
    }

    /// <summary>A refund intent for <paramref name="receiptNo"/> whose outcome is not known (pending, or unknown after asking), if any.</summary>
    private PaymentIntentDocument? UnresolvedRefundOf(long receiptNo) =>
        journal.GetState<SaleRecordDocument>(StateCollections.Sales, Key(receiptNo))?.RefundIntentId is { } intentId
        && journal.GetState<PaymentIntentDocument>(StateCollections.Payments, intentId) is { Status: "pending" or "unknown" } open
            ? open
            : null;

    /// <summary>One transaction: the return event, stock back, the original marked returned, the refund intent completed.</summary>
    public async Task<CheckoutOutcome> CompleteReturnAsync(PaymentIntentDocument intent, PaymentResult result, bool recovered, CancellationToken ct)
    {
        var original = journal.GetState<SaleRecordDocument>(StateCollections.Sales, Key(intent.OriginalReceiptNo ?? 0))
            ?? throw new InvalidOperationException($"The refund intent {intent.IntentId} names receipt {intent.OriginalReceiptNo}, which is not in the journal.");
        var sale = EventJson.Deserialize<SalePayload>(original.PayloadJson);
        var receiptNo = NextReceiptNumber(journal);
        var refunds = new List<PaymentPayload> { new("card", sale.Total, result.TerminalReference, result.CardBrand ?? sale.Payments.FirstOrDefault()?.CardBrand) };
        var payload = new ReturnPayload(receiptNo, original.Id, original.Seq, original.ReceiptNo, sale.Currency, sale.Lines, sale.Total, sale.Vat, refunds, intent.ApprovedBy);
        var at = time.GetUtcNow();
        IReadOnlyList<string> anomalies = [];
        var entries = await journal.CommitAsync(
            new JournalWrite(
                [new NewEvent(EventTypes.Return, EventJson.Serialize(payload), at)],
                (state, written) =>
                {
                    ClaimReceiptNumber(state, receiptNo);
                    anomalies = ApplyStock(state, SaleComposer.StockDeltas(sale, sign: +1), at);
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
            CancellationToken.None).ConfigureAwait(false); // the customer has been refunded: finish the event in flight even if shutdown began
        upstream.Nudge();
        LogAnomalies(logger, anomalies, entries[0].Seq);
        logger.LogInformation("Return {ReceiptNo} of receipt {Original} journaled as seq {Seq}: refunded {Total}", receiptNo, original.ReceiptNo, entries[0].Seq, sale.Total);
        var printed = await receipts.PrintAsync(receiptNo, copy: false, ct).ConfigureAwait(false);
        await feedback.ShowAsync("Retur registrert", $"kr {Money.Parse(sale.Total).Amount.ToString("N2", CustomerFeedback.Norwegian)} tilbake", ct).ConfigureAwait(false);
        return new CheckoutOutcome(true, "return completed", entries[0].Seq, receiptNo, sale.Total, printed);
    }
}

/// <summary>
/// A return being made: the original sale, the amount to refund, how much of each sale line was scanned back (same indexes as the
/// sale's lines; mutated by the loop only), and who approved it.
/// </summary>
internal sealed record ReturnInProgress(SaleRecordDocument Original, SalePayload Sale, Money Total, decimal[] ScannedBack, string? ApprovedBy)
{
    public long OriginalReceiptNo => Original.ReceiptNo;
}
