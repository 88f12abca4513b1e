using KioskRuntime.Daemon.LocalApi;
using KioskRuntime.Devices;
using KioskRuntime.Domain;
using KioskRuntime.Journal;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon.Flows;

/// <summary>
/// The payment steps sales and returns share: the intent journaled before the terminal is asked, the terminal call (beating the loop's
/// progress while the customer acts), the status query after a lost answer, and the outcome journaled. No state of its own.
/// </summary>
internal sealed class TerminalPayments(
    KioskJournal journal,
    IUpstreamLink upstream,
    ProgressBeacon progress,
    TimeSpan statusWindow,
    TimeProvider time,
    ILogger<TerminalPayments> logger,
    ScreenEvents screen)
{
    /// <summary>A nexo ServiceID: 10 alphanumerics, fresh for every request.</summary>
    public static string NewServiceId() => Convert.ToHexString(Guid.NewGuid().ToByteArray())[..10];

    /// <summary>The terminal has no record of the request (asked by its own ids).</summary>
    public static bool IsNotFound(PaymentResult r) => r.Kind == PaymentResultKind.Unknown && r.Reason?.StartsWith("NotFound", StringComparison.Ordinal) == true;

    /// <summary>Design rule 1: the intent is durable before the terminal is asked.</summary>
    public Task CommitIntentAsync(PaymentIntentDocument intent, CancellationToken ct)
    {
        var payload = new PaymentIntentPayload(intent.IntentId, intent.ServiceId, Money.Of(intent.Amount).ToContractString(), intent.Currency, 0);
        return journal.CommitAsync(
            new JournalWrite(
                [new NewEvent(EventTypes.PaymentIntent, EventJson.Serialize(payload), intent.CreatedAt)],
                (state, _) =>
                {
                    state.Put(StateCollections.Payments, intent.IntentId, intent);
                    if (intent.Kind == "refund" && intent.OriginalReceiptNo is { } original
                        && state.Get<SaleRecordDocument>(StateCollections.Sales, SaleLedger.Key(original)) is { } sale)
                    {
                        sale.RefundIntentId = intent.IntentId; // so a return can find its receipt's latest refund without a scan
                        state.Put(StateCollections.Sales, SaleLedger.Key(original), sale);
                    }
                }),
            ct);
    }

    public async Task RecordOutcomeAsync(PaymentIntentDocument intent, string status, PaymentResult result, bool recovered, CancellationToken ct)
    {
        var payload = new PaymentOutcomePayload(intent.IntentId, status, result.TerminalReference, result.CardBrand, result.Reason, recovered);
        await journal.CommitAsync(
            new JournalWrite(
                [new NewEvent(EventTypes.PaymentOutcome, EventJson.Serialize(payload), time.GetUtcNow())],
                (state, entries) =>
                {
                    var doc = state.Get<PaymentIntentDocument>(StateCollections.Payments, intent.IntentId) ?? intent;
                    doc.Status = status;
                    doc.ResultSeq = entries[0].Seq;
                    doc.TerminalReference = result.TerminalReference;
                    state.Put(StateCollections.Payments, intent.IntentId, doc);
                }),
            ct).ConfigureAwait(false);
        upstream.Nudge();
    }

    public async Task<PaymentResult> PayAsync(IPaymentTerminal terminal, PaymentRequest request, CancellationToken ct)
    {
        var amount = Money.Of(request.Amount).ToContractString();
        var report = new Progress<PaymentProgress>(p =>
        {
            logger.LogInformation("Terminal: {Message}", p.Message);
            screen.Payment("terminal", amount, p.Message);
        });
        screen.Payment("present-card", amount, null);
        var result = await CallTerminalAsync(terminal, request, report, ct).ConfigureAwait(false);
        screen.Payment(
            result.Kind switch
            {
                PaymentResultKind.Approved => "approved",
                PaymentResultKind.Declined or PaymentResultKind.Cancelled => "declined",
                _ => "unknown",
            },
            amount,
            result.Reason);
        return result;
    }

    private async Task<PaymentResult> CallTerminalAsync(IPaymentTerminal terminal, PaymentRequest request, IProgress<PaymentProgress> report, CancellationToken ct)
    {
        try
        {
            // The terminal call may take minutes while the customer acts: keep beating, the loop is not stuck.
            var pay = terminal.PayAsync(request, report, ct);
            while (true)
            {
                try
                {
                    return await pay.WaitAsync(TimeSpan.FromMilliseconds(400), time, ct).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    progress.Beat();
                }
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException or TimeoutException)
        {
            return new PaymentResult(PaymentResultKind.Unknown, null, null, null, e.Message);
        }
    }

    public static async Task<PaymentResult> ReverseAsync(IPaymentTerminal terminal, ReversalRequest request, CancellationToken ct)
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

    /// <summary>Asks the terminal what became of the intent, for up to the status window, until it knows (or says "not found").</summary>
    public async Task<PaymentResult> AskStatusAsync(IPaymentTerminal terminal, PaymentIntentDocument intent, CancellationToken ct)
    {
        var start = time.GetTimestamp();
        var last = new PaymentResult(PaymentResultKind.Unknown, null, null, null, "no answer");
        while (time.GetElapsedTime(start) < statusWindow)
        {
            progress.Beat();
            try
            {
                // The intent's own ServiceID: nexo finds the request by it (MessageReference); a fresh one always answers NotFound.
                // A refund was sent as a reversal under the refund intent's ids: ask about that reversal, never about a payment.
                last = intent.Kind == "refund"
                    ? await terminal.GetReversalStatusAsync(intent.IntentId, intent.ServiceId, ct).ConfigureAwait(false)
                    : await terminal.GetStatusAsync(intent.IntentId, intent.ServiceId, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or TimeoutException)
            {
                last = new PaymentResult(PaymentResultKind.Unknown, null, null, null, e.Message);
            }

            if (last.Kind != PaymentResultKind.Unknown || IsNotFound(last))
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), time, ct).ConfigureAwait(false);
        }

        return last;
    }
}
