using KioskRuntime.Daemon.LocalApi;
using KioskRuntime.Devices;
using KioskRuntime.Domain;
using KioskRuntime.Journal;
using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.Receipts;
using Microsoft.Extensions.Logging;
using static KioskRuntime.Daemon.Flows.SaleLedger;

namespace KioskRuntime.Daemon.Flows;

/// <summary>
/// Receipts: printing a journaled receipt and journaling the outcome, the one copy (KOPI), receipts owed while the printer was not
/// ready, and prints a crash interrupted. Owns "receipts may be waiting" (loop only).
/// </summary>
internal sealed class ReceiptsFlow(
    KioskJournal journal,
    IReadOnlyList<IDevice> devices,
    ReceiptComposer composer,
    IUpstreamLink upstream,
    IKioskFaults faults,
    ProgressBeacon progress,
    TimeProvider time,
    ILogger<ReceiptsFlow> logger,
    ScreenEvents screen)
{
    private bool _mayBeWaiting = true;

    private IReceiptPrinter? Printer => devices.OfType<IReceiptPrinter>().FirstOrDefault();

    /// <summary>
    /// Prints a journaled receipt and journals the outcome. An original whose outcome is unknown (bytes may have reached paper) is never
    /// printed again as an original: only the one copy marked KOPI may follow, on request. That the job is being sent is itself journaled
    /// before the first byte goes out, so a crash in the middle leaves "printing" (settled as unknown at the next start), never "pending".
    /// <paramref name="faultTag"/>: the checkout's payment, for the test fault hook (<c>receipt-sent</c>).
    /// </summary>
    public async Task<string> PrintAsync(long receiptNo, bool copy, CancellationToken ct, string? faultTag = null)
    {
        var sale = journal.GetState<SaleRecordDocument>(StateCollections.Sales, Key(receiptNo));
        var receipt = journal.GetState<ReceiptStateDocument>(StateCollections.Receipts, Key(receiptNo));
        var printer = Printer;
        if (sale is null || receipt is null)
        {
            logger.LogError("Receipt {ReceiptNo} is not in the journal; nothing printed", receiptNo);
            return "failed";
        }

        if (printer is null)
        {
            screen.Receipt(receiptNo, "not-printed", "no receipt printer");
            return "not-printed";
        }

        if (!copy)
        {
            screen.Receipt(receiptNo, "printing", null);
        }

        PrintResult result;
        string outcome;
        try
        {
            var job = composer.Compose(sale, copy, receipt.Recovered);
            await MarkSendingAsync(receiptNo, copy).ConfigureAwait(false);
            result = await printer.PrintAsync(job, ct).ConfigureAwait(false);
            if (faultTag is not null)
            {
                faults.AtStep("receipt-sent", faultTag);
            }

            outcome = result.Outcome switch
            {
                PrintOutcome.Printed => "printed",
                PrintOutcome.NotPrinted => "not-printed",
                _ => "unknown",
            };
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            result = new PrintResult(PrintOutcome.Unknown, e.Message);
            outcome = "unknown";
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down before the job started: nothing reached paper; it is printed at the next start.
            result = new PrintResult(PrintOutcome.NotPrinted, "kioskd stopped before printing");
            outcome = "not-printed";
        }
        catch (Exception e) when (e is ReceiptDataException or EscPosEncodingException or FormatException or UnknownPrinterProfileException)
        {
            // The sale is journaled; its receipt cannot be laid out. A defect, reported loudly, never retried blindly, never fatal to the sale.
            logger.LogError(e, "Receipt {ReceiptNo} cannot be composed; nothing printed", receiptNo);
            result = new PrintResult(PrintOutcome.NotPrinted, $"receipt cannot be composed: {e.Message}");
            outcome = "failed";
        }

        var payload = new ReceiptPrintedPayload(receiptNo, sale.Seq, copy ? "copy" : sale.IsReturn ? "return" : "original", outcome, result.Detail);
        await journal.CommitAsync(
            new JournalWrite(
                [new NewEvent(EventTypes.ReceiptPrinted, EventJson.Serialize(payload), time.GetUtcNow())],
                (state, _) =>
                {
                    var doc = state.Get<ReceiptStateDocument>(StateCollections.Receipts, Key(receiptNo))!;
                    if (copy)
                    {
                        doc.Copies -= outcome == "not-printed" && doc.Copies > 0 ? 1 : 0; // counted when it was sent; nothing reached paper
                    }
                    else
                    {
                        doc.Outcome = outcome;
                    }

                    state.Put(StateCollections.Receipts, Key(receiptNo), doc);
                }),
            CancellationToken.None).ConfigureAwait(false);
        upstream.Nudge();
        if (result.Outcome != PrintOutcome.Printed)
        {
            logger.LogWarning("Receipt {ReceiptNo}{Copy} {Outcome}: {Detail}", receiptNo, copy ? " (KOPI)" : "", outcome, result.Detail);
        }

        if (!copy)
        {
            screen.Receipt(receiptNo, outcome, result.Detail);
        }

        if (!copy && outcome is "not-printed")
        {
            _mayBeWaiting = true;
        }

        return outcome;
    }

    /// <summary>Journals (state only) that a job is about to be sent: an original becomes "printing", a copy is counted.</summary>
    private Task MarkSendingAsync(long receiptNo, bool copy) =>
        journal.CommitAsync(
            new JournalWrite([], (state, _) =>
            {
                var doc = state.Get<ReceiptStateDocument>(StateCollections.Receipts, Key(receiptNo))!;
                if (copy)
                {
                    doc.Copies++;
                }
                else
                {
                    doc.Outcome = "printing";
                }

                state.Put(StateCollections.Receipts, Key(receiptNo), doc);
            }),
            CancellationToken.None);

    /// <summary>
    /// At start: an original left "printing" was being sent when kioskd stopped; some or all of it may be on paper. Its outcome is
    /// journaled as unknown, so it is never printed again as an original (the one KOPI may follow on request).
    /// </summary>
    public async Task SettleInterruptedAsync(CancellationToken ct)
    {
        foreach (var receipt in journal.ListState<ReceiptStateDocument>(StateCollections.Receipts).Where(r => r.Outcome == "printing"))
        {
            var sale = journal.GetState<SaleRecordDocument>(StateCollections.Sales, Key(receipt.ReceiptNo));
            var payload = new ReceiptPrintedPayload(receipt.ReceiptNo, receipt.SaleSeq, sale?.IsReturn == true ? "return" : "original", "unknown", "kioskd stopped while the receipt was being sent");
            await journal.CommitAsync(
                new JournalWrite(
                    [new NewEvent(EventTypes.ReceiptPrinted, EventJson.Serialize(payload), time.GetUtcNow())],
                    (state, _) =>
                    {
                        var doc = state.Get<ReceiptStateDocument>(StateCollections.Receipts, Key(receipt.ReceiptNo))!;
                        doc.Outcome = "unknown";
                        state.Put(StateCollections.Receipts, Key(receipt.ReceiptNo), doc);
                    }),
                ct).ConfigureAwait(false);
            upstream.Nudge();
            logger.LogWarning("Receipt {ReceiptNo} was being printed when kioskd stopped: outcome unknown, never printed again as an original (KOPI on request)", receipt.ReceiptNo);
        }
    }

    /// <summary>Prints originals that are journaled but were never printed (printer was not ready). Never touches "unknown" ones.</summary>
    public async Task PrintWaitingAsync(CancellationToken ct)
    {
        var printer = Printer;
        if (!_mayBeWaiting || printer is null || printer.Condition is not (PrinterCondition.Ready or PrinterCondition.PaperNearEnd) || !journal.Health.CanWrite)
        {
            return;
        }

        // Scanning every receipt is only needed when one may be owed (at start, or after a print that did not happen); a pass that
        // prints everything clears the flag, so an idle kiosk with years of receipts does not scan them every few seconds.
        _mayBeWaiting = false;
        foreach (var waiting in journal.ListState<ReceiptStateDocument>(StateCollections.Receipts).Where(r => r.Outcome is "pending" or "not-printed").OrderBy(r => r.ReceiptNo))
        {
            progress.Beat();
            try
            {
                if (await PrintAsync(waiting.ReceiptNo, copy: false, ct).ConfigureAwait(false) != "printed")
                {
                    _mayBeWaiting = true;
                    return;
                }
            }
            catch (JournalUnavailableException)
            {
                _mayBeWaiting = true;
                return;
            }
        }
    }

    /// <summary>The one copy (KOPI) of a receipt; or the original itself when nothing of it reached paper.</summary>
    public async Task<CheckoutOutcome> ReprintAsync(long receiptNo, CancellationToken ct)
    {
        var receipt = journal.GetState<ReceiptStateDocument>(StateCollections.Receipts, Key(receiptNo));
        if (receipt is null)
        {
            return new CheckoutOutcome(false, $"no receipt {receiptNo} in the journal");
        }

        if (receipt.Outcome is "pending" or "not-printed")
        {
            // Nothing reached paper: the original itself is still owed.
            var printedOriginal = await PrintAsync(receiptNo, copy: false, ct).ConfigureAwait(false) == "printed";
            return new CheckoutOutcome(printedOriginal, printedOriginal ? "original printed (it had not been printed before)" : "printer not ready", receipt.SaleSeq, receiptNo);
        }

        if (receipt.Copies >= 1)
        {
            return new CheckoutOutcome(false, $"receipt {receiptNo} already has its one copy (KOPI); Norwegian rules allow no more");
        }

        var printed = await PrintAsync(receiptNo, copy: true, ct).ConfigureAwait(false) == "printed";
        return new CheckoutOutcome(printed, printed ? "copy printed (KOPI)" : "copy not printed", receipt.SaleSeq, receiptNo);
    }
}
