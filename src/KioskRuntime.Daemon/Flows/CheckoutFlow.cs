using KioskRuntime.Devices;
using KioskRuntime.Domain;
using KioskRuntime.Daemon.Rules;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Journal;
using Microsoft.Extensions.Logging;
using static KioskRuntime.Daemon.Flows.SaleLedger;

namespace KioskRuntime.Daemon.Flows;

/// <summary>
/// A sale's checkout: the payment intent journaled, the terminal asked, its status queried when the answer is lost, and ONE journal
/// transaction for the sale (lines, payment, VAT, receipt number, stock, the intent completed); only then the door and the receipt.
/// Also completes a sale found approved by <see cref="PaymentRecovery"/>. Holds no state between checkouts: the cart is the caller's.
/// </summary>
internal sealed class CheckoutFlow(
    KioskJournal journal,
    HardwareProfile profile,
    IReadOnlyList<IDevice> devices,
    TerminalPayments payments,
    ReceiptsFlow receipts,
    DoorRelease door,
    CustomerFeedback feedback,
    SaleReadiness readiness,
    KioskState kioskState,
    IUpstreamLink upstream,
    IKioskFaults faults,
    TimeProvider time,
    ILogger<CheckoutFlow> logger)
{
    /// <summary>Pays for <paramref name="cart"/> and, once the sale is durable, empties it.</summary>
    public async Task<CheckoutOutcome> CheckoutAsync(Cart cart, CancellationToken ct)
    {
        if (cart.IsEmpty)
        {
            return new CheckoutOutcome(false, "the cart is empty");
        }

        if (readiness.WhyNotSelling() is { } why)
        {
            return new CheckoutOutcome(false, $"not selling: {why}");
        }

        var total = cart.Total;
        if (OfflineLimit.Refusal(upstream.Online, profile.OfflineMaxAmount, total) is { } offline)
        {
            return new CheckoutOutcome(false, offline);
        }

        var terminal = devices.OfType<IPaymentTerminal>().First();
        var intent = new PaymentIntentDocument
        {
            IntentId = Guid.CreateVersion7(time.GetUtcNow()).ToString("N"),
            ServiceId = TerminalPayments.NewServiceId(),
            Kind = "sale",
            Amount = total.Amount,
            Currency = profile.Currency,
            Status = "pending",
            LinesJson = EventJson.Serialize(cart.Lines.Select(SaleComposer.ToLine).ToList()),
            CreatedAt = time.GetUtcNow(),
        };

        // Design rule 1: the intent is durable before the terminal is asked.
        await payments.CommitIntentAsync(intent, ct).ConfigureAwait(false);
        faults.AtStep("intent-journaled", intent.IntentId);
        await feedback.ShowAsync("Betal med kort", $"Sum kr {total.Amount.ToString("N2", CustomerFeedback.Norwegian)}", ct).ConfigureAwait(false);
        kioskState.Set("selling", "waiting for the payment terminal");

        var request = new PaymentRequest(intent.IntentId, intent.ServiceId, total.Amount, profile.Currency);
        var result = await payments.PayAsync(terminal, request, ct).ConfigureAwait(false);
        faults.AtStep("answer-received", intent.IntentId);
        if (result.Kind == PaymentResultKind.Unknown)
        {
            result = await payments.AskStatusAsync(terminal, intent, ct).ConfigureAwait(false);
        }

        kioskState.Set("ready");
        switch (result.Kind)
        {
            case PaymentResultKind.Approved:
                var sale = await CompleteSaleAsync(intent, result, recovered: false, ct).ConfigureAwait(false);
                cart.Clear();
                return sale;
            case PaymentResultKind.Unknown:
                await payments.RecordOutcomeAsync(intent, "unknown", result, recovered: false, ct).ConfigureAwait(false);
                await feedback.ShowAsync("Betaling usikker", "Kontakt personalet", ct).ConfigureAwait(false);
                return new CheckoutOutcome(false, $"payment outcome unknown ({result.Reason}); nothing sold, the intent is kept for reconciliation");
            default:
                await payments.RecordOutcomeAsync(intent, result.Kind == PaymentResultKind.Cancelled ? "cancelled" : "declined", result, recovered: false, ct).ConfigureAwait(false);
                await feedback.ShowAsync("Betaling avvist", CustomerFeedback.Fit(result.Reason ?? "Prøv igjen"), ct).ConfigureAwait(false);
                return new CheckoutOutcome(false, $"payment {result.Kind.ToString().ToLowerInvariant()}: {result.Reason}");
        }
    }

    /// <summary>
    /// Journals an approved sale in ONE transaction: the sale event (lines, payment, VAT), the receipt number, local stock, the intent's
    /// completion, and the receipt waiting to be printed. Only then is anything acknowledged; then the receipt is printed.
    /// </summary>
    public async Task<CheckoutOutcome> CompleteSaleAsync(PaymentIntentDocument intent, PaymentResult result, bool recovered, CancellationToken ct)
    {
        var lines = EventJson.Deserialize<List<SaleLinePayload>>(intent.LinesJson);
        var receiptNo = NextReceiptNumber(journal);
        var amount = Money.Of(result.AuthorizedAmount ?? intent.Amount);
        var payments = new List<PaymentPayload> { new("card", amount.ToContractString(), result.TerminalReference, result.CardBrand) };
        var sale = new SalePayload(receiptNo, intent.Currency, lines, Money.Of(intent.Amount).ToContractString(), SaleComposer.VatOf(lines), payments, profile.RegisterId);
        var at = time.GetUtcNow();
        IReadOnlyList<string> anomalies = [];
        var returnToken = ReturnCode.NewToken(); // printed on the receipt, journaled with the sale: the only way to start its return
        var entries = await journal.CommitAsync(
            new JournalWrite(
                [new NewEvent(EventTypes.Sale, EventJson.Serialize(sale), at)],
                (state, written) =>
                {
                    ClaimReceiptNumber(state, receiptNo);
                    anomalies = ApplyStock(state, SaleComposer.StockDeltas(sale), at);
                    var doc = state.Get<PaymentIntentDocument>(StateCollections.Payments, intent.IntentId) ?? intent;
                    doc.Status = "completed";
                    doc.ResultSeq = written[0].Seq;
                    doc.TerminalReference = result.TerminalReference;
                    state.Put(StateCollections.Payments, intent.IntentId, doc);
                    state.Put(StateCollections.Sales, Key(receiptNo), new SaleRecordDocument
                    {
                        ReceiptNo = receiptNo, Seq = written[0].Seq, Id = written[0].Id.ToString(), PayloadJson = written[0].PayloadJson, OccurredAt = at,
                        ReturnToken = returnToken,
                    });
                    state.Put(StateCollections.Receipts, Key(receiptNo), new ReceiptStateDocument { ReceiptNo = receiptNo, SaleSeq = written[0].Seq, Recovered = recovered });
                }),
            CancellationToken.None).ConfigureAwait(false); // the customer has paid: finish the event in flight even if shutdown began

        if (!recovered)
        {
            faults.AtStep("sale-committed", intent.IntentId);
        }

        var entry = entries[0];
        LogAnomalies(logger, anomalies, entry.Seq);
        kioskState.CountSale();
        upstream.Nudge();
        if (!recovered)
        {
            door.AfterSale(receiptNo, entry.Seq); // durable now: the customer may take the goods
        }

        logger.LogInformation(
            "Sale {ReceiptNo} journaled as seq {Seq}: {Total} {Currency}, {Lines} line(s), card {Brand} ref {Ref}{Recovered}",
            receiptNo, entry.Seq, sale.Total, sale.Currency, lines.Count, result.CardBrand, result.TerminalReference, recovered ? " (recovered after restart)" : "");
        var printed = await receipts.PrintAsync(receiptNo, copy: false, ct, recovered ? null : intent.IntentId).ConfigureAwait(false);
        if (!recovered)
        {
            faults.AtStep("receipt-printed", intent.IntentId);
        }

        await feedback.ShowAsync("Takk for handelen!", printed == "printed" ? "Ta kvitteringen" : "Kvittering kommer", ct).ConfigureAwait(false);
        return new CheckoutOutcome(true, recovered ? "sale completed after recovery" : "sale completed", entry.Seq, receiptNo, sale.Total, printed);
    }
}
