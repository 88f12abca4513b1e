using KioskRuntime.Devices;
using KioskRuntime.Journal;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon.Flows;

/// <summary>
/// At start, before serving anyone: every payment intent without a final outcome (the kiosk died between asking the terminal and
/// journaling the answer) is settled by asking the terminal. Approved → the sale is completed from the journaled intent (receipt marked
/// as recovered); declined → recorded; a fresh "not found" → not charged; anything else stays open and is reported. A refund intent
/// is settled the same way from the status of its reversal (asked by the refund's own ids): reversed → the return is completed (stock
/// back, the original marked returned); refused → declined; a fresh "not found" → not refunded ("not-charged"). An intent that cannot
/// be settled (a broken record) is logged and left open; the others are still settled and kioskd starts. No state.
/// </summary>
internal sealed class PaymentRecovery(
    KioskJournal journal,
    IReadOnlyList<IDevice> devices,
    TerminalPayments payments,
    CheckoutFlow checkout,
    ReturnsFlow returns,
    ProgressBeacon progress,
    TimeProvider time,
    ILogger<PaymentRecovery> logger)
{
    /// <summary>How long after the intent a terminal's "not found" is taken to mean "never charged" rather than "forgotten".</summary>
    public static readonly TimeSpan NotFoundMeansNotCharged = TimeSpan.FromHours(1);

    public async Task RecoverAsync(CancellationToken ct)
    {
        var open = journal.ListState<PaymentIntentDocument>(StateCollections.Payments)
            .Where(p => p.Status is "pending" or "unknown")
            .OrderBy(p => p.CreatedAt)
            .ToList();
        if (open.Count == 0)
        {
            return;
        }

        if (devices.OfType<IPaymentTerminal>().FirstOrDefault() is not { } terminal)
        {
            logger.LogError("{Count} payment intent(s) have no outcome, and the profile has no payment terminal to ask", open.Count);
            return;
        }

        logger.LogWarning("Settling {Count} payment intent(s) left open by an earlier run", open.Count);
        foreach (var intent in open)
        {
            progress.Beat();
            try
            {
                var status = await payments.AskStatusAsync(terminal, intent, ct).ConfigureAwait(false);
                switch (status.Kind)
                {
                    case PaymentResultKind.Approved when intent.Kind == "refund":
                        await returns.CompleteReturnAsync(intent, status, recovered: true, ct).ConfigureAwait(false);
                        break;
                    case PaymentResultKind.Approved:
                        await checkout.CompleteSaleAsync(intent, status, recovered: true, ct).ConfigureAwait(false);
                        break;
                    case PaymentResultKind.Declined or PaymentResultKind.Cancelled:
                        await payments.RecordOutcomeAsync(intent, "declined", status, recovered: true, ct).ConfigureAwait(false);
                        break;
                    case PaymentResultKind.Unknown when TerminalPayments.IsNotFound(status) && time.GetUtcNow() - intent.CreatedAt < NotFoundMeansNotCharged:
                        await payments.RecordOutcomeAsync(intent, "not-charged", status, recovered: true, ct).ConfigureAwait(false);
                        break;
                    default:
                        logger.LogError(
                            "Payment intent {Intent} ({Kind}, {Amount} {Currency}, {Created:O}) is still unresolved: {Reason}. It stays open for reconciliation.",
                            intent.IntentId, intent.Kind, intent.Amount, intent.Currency, intent.CreatedAt, status.Reason);
                        break;
                }
            }
            catch (JournalUnavailableException e)
            {
                logger.LogError("Cannot settle payment intent {Intent}: journal unavailable ({Reason})", intent.IntentId, e.Reason);
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                // One bad record (a broken intent, a sale that cannot be rebuilt) must not stop the host: systemd's start limit would
                // then leave the kiosk down for good. It stays open for reconciliation; the other intents are settled.
                logger.LogError(e, "Payment intent {Intent} ({Kind}, {Amount} {Currency}) could not be settled and stays open for reconciliation: {Reason}",
                    intent.IntentId, intent.Kind, intent.Amount, intent.Currency, e.Message);
            }
        }
    }
}
