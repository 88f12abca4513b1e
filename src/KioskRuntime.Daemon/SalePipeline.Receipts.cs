using KioskRuntime.Devices;
using KioskRuntime.Domain;
using KioskRuntime.Journal;
using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.Receipts;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon;

public sealed partial class SalePipeline
{
    /// <summary>
    /// Prints a journaled receipt and journals the outcome. An original whose outcome is unknown (bytes may have reached paper) is never
    /// printed again as an original: only the one copy marked KOPI may follow, on request. That the job is being sent is itself journaled
    /// before the first byte goes out, so a crash in the middle leaves "printing" (settled as unknown at the next start), never "pending".
    /// <paramref name="killTag"/>: the checkout's payment, for the test-only kill switch (<c>receipt-sent</c>).
    /// </summary>
    private async Task<string> PrintReceiptAsync(long receiptNo, bool copy, CancellationToken ct, string? killTag = null)
    {
        var sale = _journal.GetState<SaleRecordDocument>(StateCollections.Sales, Key(receiptNo));
        var receipt = _journal.GetState<ReceiptStateDocument>(StateCollections.Receipts, Key(receiptNo));
        var printer = _devices.Printer;
        if (sale is null || receipt is null)
        {
            _logger.LogError("Receipt {ReceiptNo} is not in the journal; nothing printed", receiptNo);
            return "failed";
        }

        if (printer is null)
        {
            return "not-printed";
        }

        PrintResult result;
        string outcome;
        try
        {
            var job = _receipts.Compose(sale, copy, receipt.Recovered);
            await MarkSendingAsync(receiptNo, copy).ConfigureAwait(false);
            result = await printer.PrintAsync(job, ct).ConfigureAwait(false);
            if (killTag is not null)
            {
                _killSwitch.At("receipt-sent", killTag);
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
            _logger.LogError(e, "Receipt {ReceiptNo} cannot be composed; nothing printed", receiptNo);
            result = new PrintResult(PrintOutcome.NotPrinted, $"receipt cannot be composed: {e.Message}");
            outcome = "failed";
        }

        var payload = new ReceiptPrintedPayload(receiptNo, sale.Seq, copy ? "copy" : sale.IsReturn ? "return" : "original", outcome, result.Detail);
        await _journal.CommitAsync(
            new JournalWrite(
                [new NewEvent(EventTypes.ReceiptPrinted, EventJson.Serialize(payload), _time.GetUtcNow())],
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
        _upstream.Nudge();
        if (result.Outcome != PrintOutcome.Printed)
        {
            _logger.LogWarning("Receipt {ReceiptNo}{Copy} {Outcome}: {Detail}", receiptNo, copy ? " (KOPI)" : "", outcome, result.Detail);
        }

        if (!copy && outcome is "not-printed")
        {
            _receiptsMayBeWaiting = true;
        }

        return outcome;
    }

    /// <summary>Journals (state only) that a job is about to be sent: an original becomes "printing", a copy is counted.</summary>
    private Task MarkSendingAsync(long receiptNo, bool copy) =>
        _journal.CommitAsync(
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
    private async Task SettleInterruptedPrintsAsync(CancellationToken ct)
    {
        foreach (var receipt in _journal.ListState<ReceiptStateDocument>(StateCollections.Receipts).Where(r => r.Outcome == "printing"))
        {
            var sale = _journal.GetState<SaleRecordDocument>(StateCollections.Sales, Key(receipt.ReceiptNo));
            var payload = new ReceiptPrintedPayload(receipt.ReceiptNo, receipt.SaleSeq, sale?.IsReturn == true ? "return" : "original", "unknown", "kioskd stopped while the receipt was being sent");
            await _journal.CommitAsync(
                new JournalWrite(
                    [new NewEvent(EventTypes.ReceiptPrinted, EventJson.Serialize(payload), _time.GetUtcNow())],
                    (state, _) =>
                    {
                        var doc = state.Get<ReceiptStateDocument>(StateCollections.Receipts, Key(receipt.ReceiptNo))!;
                        doc.Outcome = "unknown";
                        state.Put(StateCollections.Receipts, Key(receipt.ReceiptNo), doc);
                    }),
                ct).ConfigureAwait(false);
            _upstream.Nudge();
            _logger.LogWarning("Receipt {ReceiptNo} was being printed when kioskd stopped: outcome unknown, never printed again as an original (KOPI on request)", receipt.ReceiptNo);
        }
    }

    /// <summary>Prints originals that are journaled but were never printed (printer was not ready). Never touches "unknown" ones.</summary>
    private async Task PrintWaitingReceiptsAsync(CancellationToken ct)
    {
        var printer = _devices.Printer;
        if (!_receiptsMayBeWaiting || printer is null || printer.Condition is not (PrinterCondition.Ready or PrinterCondition.PaperNearEnd) || !_journal.Health.CanWrite)
        {
            return;
        }

        // Scanning every receipt is only needed when one may be owed (at start, or after a print that did not happen); a pass that
        // prints everything clears the flag, so an idle kiosk with years of receipts does not scan them every few seconds.
        _receiptsMayBeWaiting = false;
        foreach (var waiting in _journal.ListState<ReceiptStateDocument>(StateCollections.Receipts).Where(r => r.Outcome is "pending" or "not-printed").OrderBy(r => r.ReceiptNo))
        {
            Progress.Beat();
            try
            {
                if (await PrintReceiptAsync(waiting.ReceiptNo, copy: false, ct).ConfigureAwait(false) != "printed")
                {
                    _receiptsMayBeWaiting = true;
                    return;
                }
            }
            catch (JournalUnavailableException)
            {
                _receiptsMayBeWaiting = true;
                return;
            }
        }
    }

    private async Task<CheckoutOutcome> HandleReprintAsync(long receiptNo, CancellationToken ct)
    {
        var receipt = _journal.GetState<ReceiptStateDocument>(StateCollections.Receipts, Key(receiptNo));
        if (receipt is null)
        {
            return new CheckoutOutcome(false, $"no receipt {receiptNo} in the journal");
        }

        if (receipt.Outcome is "pending" or "not-printed")
        {
            // Nothing reached paper: the original itself is still owed.
            var printedOriginal = await PrintReceiptAsync(receiptNo, copy: false, ct).ConfigureAwait(false) == "printed";
            return new CheckoutOutcome(printedOriginal, printedOriginal ? "original printed (it had not been printed before)" : "printer not ready", receipt.SaleSeq, receiptNo);
        }

        if (receipt.Copies >= 1)
        {
            return new CheckoutOutcome(false, $"receipt {receiptNo} already has its one copy (KOPI); Norwegian rules allow no more");
        }

        var printed = await PrintReceiptAsync(receiptNo, copy: true, ct).ConfigureAwait(false) == "printed";
        return new CheckoutOutcome(printed, printed ? "copy printed (KOPI)" : "copy not printed", receipt.SaleSeq, receiptNo);
    }

    private async ValueTask ShowAsync(string line1, string line2, CancellationToken ct)
    {
        foreach (var display in _devices.Displays)
        {
            try
            {
                await display.ShowAsync(line1, line2, ct).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                _logger.LogWarning("Display {Display} failed: {Error}", display.Name, e.Message);
            }
        }
    }

    private ValueTask ShowIdleAsync(CancellationToken ct) =>
        WhyNotSelling() is { } why ? ShowAsync("Ute av drift", Fit(why), ct) : ShowAsync("Velkommen!", "Skann en vare", ct);
}
