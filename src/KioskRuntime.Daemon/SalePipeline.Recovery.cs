using KioskRuntime.Devices;
using KioskRuntime.Journal;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon;

public sealed partial class SalePipeline
{
    /// <summary>How long after the intent a terminal's "not found" is taken to mean "never charged" rather than "forgotten".</summary>
    private static readonly TimeSpan NotFoundMeansNotCharged = TimeSpan.FromHours(1);

    /// <summary>
    /// At start, before serving anyone: every payment intent without a final outcome (the kiosk died between asking the terminal and
    /// journaling the answer) is settled by asking the terminal. Approved → the sale is completed from the journaled intent (receipt marked
    /// as recovered); declined → recorded; a fresh "not found" → not charged; anything else stays open and is reported. A refund intent
    /// is settled the same way from the status of its reversal (asked by the refund's own ids): reversed → the return is completed (stock
    /// back, the original marked returned); refused → declined; a fresh "not found" → not refunded ("not-charged").
    /// </summary>
    private async Task RecoverPaymentsAsync(CancellationToken ct)
    {
        var open = _journal.ListState<PaymentIntentDocument>(StateCollections.Payments)
            .Where(p => p.Status is "pending" or "unknown")
            .OrderBy(p => p.CreatedAt)
            .ToList();
        if (open.Count == 0)
        {
            return;
        }

        var terminal = _devices.Terminal;
        if (terminal is null)
        {
            _logger.LogError("{Count} payment intent(s) have no outcome, and the profile has no payment terminal to ask", open.Count);
            return;
        }

        _logger.LogWarning("Settling {Count} payment intent(s) left open by an earlier run", open.Count);
        foreach (var intent in open)
        {
            Progress.Beat();
            try
            {
                var status = await AskStatusAsync(terminal, intent, TimeSpan.FromSeconds(_options.PaymentStatusWindowSeconds), ct).ConfigureAwait(false);
                switch (status.Kind)
                {
                    case PaymentResultKind.Approved when intent.Kind == "refund":
                        await CompleteReturnAsync(intent, status, recovered: true, ct).ConfigureAwait(false);
                        break;
                    case PaymentResultKind.Approved:
                        await CompleteSaleAsync(intent, status, recovered: true, ct).ConfigureAwait(false);
                        break;
                    case PaymentResultKind.Declined or PaymentResultKind.Cancelled:
                        await RecordOutcomeAsync(intent, "declined", status, recovered: true, ct).ConfigureAwait(false);
                        break;
                    case PaymentResultKind.Unknown when IsNotFound(status) && _time.GetUtcNow() - intent.CreatedAt < NotFoundMeansNotCharged:
                        await RecordOutcomeAsync(intent, "not-charged", status, recovered: true, ct).ConfigureAwait(false);
                        break;
                    default:
                        _logger.LogError(
                            "Payment intent {Intent} ({Kind}, {Amount} {Currency}, {Created:O}) is still unresolved: {Reason}. It stays open for reconciliation.",
                            intent.IntentId, intent.Kind, intent.Amount, intent.Currency, intent.CreatedAt, status.Reason);
                        break;
                }
            }
            catch (JournalUnavailableException e)
            {
                _logger.LogError("Cannot settle payment intent {Intent}: journal unavailable ({Reason})", intent.IntentId, e.Reason);
                return;
            }
        }
    }
}
