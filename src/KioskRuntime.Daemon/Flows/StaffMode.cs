using KioskRuntime.Barcodes;
using KioskRuntime.Daemon.Rules;
using KioskRuntime.Devices;
using KioskRuntime.Domain;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Journal;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon.Flows;

/// <summary>
/// Staff mode, started by a staff card (<see cref="AccessFlow"/>): scans count received goods, the checkout barcode books them as stock
/// adjustments, a receipt's return code prints its one copy, the staff barcode (or the profile's idle timeout) ends it. Every session is
/// journaled. Owns the session (read from any thread for status) and the goods being received (loop only).
/// </summary>
internal sealed class StaffMode(
    KioskJournal journal,
    HardwareProfile profile,
    ReceiptsFlow receipts,
    StockAdjustments stock,
    CustomerFeedback feedback,
    IUpstreamLink upstream,
    TimeProvider time,
    ILogger<StaffMode> logger)
{
    private readonly BarcodeInterpreter _interpreter = new(profile.VariableMeasure);
    private readonly List<ReceivedLine> _receiving = [];
    private StaffSession? _session;

    /// <summary>The session, or null when nobody is in staff mode. Thread-safe.</summary>
    public StaffSession? Session => Volatile.Read(ref _session);

    /// <summary>Goods counted so far in this session (loop only).</summary>
    public IReadOnlyList<ReceivedLine> Receiving => _receiving;

    /// <summary>Starts a session; the caller has journaled its start.</summary>
    public void Start(StaffCard card)
    {
        Volatile.Write(ref _session, new StaffSession(card, time.GetTimestamp()));
        _receiving.Clear();
    }

    /// <summary>A scan while in staff mode: goods receiving, booking, copies of receipts, leaving staff mode.</summary>
    public async Task<FlowAnswer> ScanAsync(ScannedCode code, string data, CancellationToken ct)
    {
        var session = Session ?? throw new InvalidOperationException("Not in staff mode.");
        Volatile.Write(ref _session, session with { LastAction = time.GetTimestamp() });
        if (data == profile.ControlBarcodes.Checkout)
        {
            var booked = await BookReceivingAsync(session.Card.Id, ct).ConfigureAwait(false);
            return new FlowAnswer(booked.Succeeded, booked.Message);
        }

        if (data == profile.ControlBarcodes.Cancel)
        {
            var dropped = _receiving.Count;
            _receiving.Clear();
            await feedback.ShowAsync("Personalmodus", "Varemottak tomt", ct).ConfigureAwait(false);
            return new FlowAnswer(true, $"goods receiving cleared ({dropped} line(s))");
        }

        if (data == profile.ControlBarcodes.Staff)
        {
            if (_receiving.Count > 0)
            {
                return await feedback.RejectAsync(code, "book (checkout barcode) or clear (cancel barcode) the received goods first", ct).ConfigureAwait(false);
            }

            await EndAsync("staff barcode", ct).ConfigureAwait(false);
            return new FlowAnswer(true, "staff mode ended");
        }

        if (ReturnCode.TryParse(data, out var kioskId, out var receiptNo, out var token))
        {
            if (kioskId != profile.KioskId)
            {
                return await feedback.RejectAsync(code, $"receipt {receiptNo} is from kiosk {kioskId}", ct).ConfigureAwait(false);
            }

            if (!ReturnCode.TokenMatches(journal.GetState<SaleRecordDocument>(StateCollections.Sales, SaleLedger.Key(receiptNo))?.ReturnToken, token))
            {
                return await feedback.RejectAsync(code, $"the code for receipt {receiptNo} is not valid at this kiosk", ct).ConfigureAwait(false);
            }

            var copy = await receipts.ReprintAsync(receiptNo, ct).ConfigureAwait(false);
            return new FlowAnswer(copy.Succeeded, copy.Message);
        }

        var gtin = _interpreter.Interpret(data, code.SymbologyId) switch
        {
            ProductCode p => p.Gtin,
            Gs1Code { ElementString.Gtin: { } g } => g,
            _ => (Gtin?)null,
        };
        if (gtin is not { } item)
        {
            return await feedback.RejectAsync(code, "staff mode counts goods by their product barcode (weighed items are booked with kioskctl stock adjust)", ct).ConfigureAwait(false);
        }

        var doc = journal.GetState<CatalogDocument>(StateCollections.Catalog, item.ToString());
        if (doc is null)
        {
            return await feedback.RejectAsync(code, $"unknown product {item}: not in the local catalog", ct).ConfigureAwait(false);
        }

        var at = _receiving.FindIndex(r => r.Gtin == item);
        if (at >= 0)
        {
            _receiving[at] = _receiving[at] with { Quantity = _receiving[at].Quantity + 1 };
        }
        else
        {
            _receiving.Add(new ReceivedLine(item, doc.Name, 1));
        }

        await feedback.SignalAsync(code.Source, ScanFeedback.GoodRead, ct).ConfigureAwait(false);
        var count = _receiving.Sum(r => r.Quantity);
        await feedback.ShowAsync(CustomerFeedback.Fit($"Mottak: {doc.Name}"), $"{count.ToString("0.###", CustomerFeedback.Norwegian)} stk totalt", ct).ConfigureAwait(false);
        return new FlowAnswer(true, $"received {doc.Name}");
    }

    private async Task<CheckoutOutcome> BookReceivingAsync(string staffId, CancellationToken ct)
    {
        if (_receiving.Count == 0)
        {
            return new CheckoutOutcome(false, "nothing to book: scan the received goods first");
        }

        var at = time.GetUtcNow();
        var adjustments = _receiving.Select(r => new StockAdjustmentPayload(r.Gtin.ToString(), ContractFormat.Quantity(r.Quantity), "received", staffId)).ToList();
        var entries = await stock.CommitAsync(adjustments, at, ct).ConfigureAwait(false);
        var total = _receiving.Sum(r => r.Quantity);
        _receiving.Clear();
        feedback.Sound(BuzzerSignal.Acknowledge);
        await feedback.ShowAsync("Varemottak bokfort", $"{total.ToString("0.###", CustomerFeedback.Norwegian)} stk", ct).ConfigureAwait(false);
        logger.LogInformation("Goods receiving by {Staff} journaled as seq {First}-{Last}: {Lines} product(s), {Total} piece(s)", staffId, entries[0].Seq, entries[^1].Seq, entries.Count, total);
        return new CheckoutOutcome(true, $"booked {entries.Count} stock adjustment(s)", entries[^1].Seq);
    }

    /// <summary>Ends the session (if any) and journals why; goods counted but not booked are discarded.</summary>
    public async Task EndAsync(string reason, CancellationToken ct)
    {
        if (Session is not { } session)
        {
            return;
        }

        if (_receiving.Count > 0)
        {
            logger.LogWarning("Staff mode of {Staff} ended ({Reason}) with {Lines} received line(s) not booked; they are discarded", session.Card.Id, reason, _receiving.Count);
            _receiving.Clear();
        }

        Volatile.Write(ref _session, null);
        await journal.CommitAsync(
            new JournalWrite([new NewEvent(EventTypes.StaffSession, EventJson.Serialize(new StaffSessionPayload(session.Card.Id, session.Card.Role.ToString().ToLowerInvariant(), "end", reason)), time.GetUtcNow())], null),
            ct).ConfigureAwait(false);
        upstream.Nudge();
        logger.LogInformation("Staff mode of {Staff} ended: {Reason}", session.Card.Id, reason);
        await feedback.ShowIdleAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Ends the session once it has been idle for the profile's staff-mode timeout.</summary>
    public async Task EndIfIdleAsync(CancellationToken ct)
    {
        if (Session is { } session && StaffIdleRule.HasTimedOut(time.GetElapsedTime(session.LastAction), profile.Access.StaffModeTimeout))
        {
            await EndAsync("timeout", ct).ConfigureAwait(false);
        }
    }
}

/// <summary>A staff session: whose card, and when it last did something (a <see cref="TimeProvider"/> timestamp).</summary>
internal sealed record StaffSession(StaffCard Card, long LastAction);

/// <summary>One product counted in goods receiving.</summary>
internal sealed record ReceivedLine(Gtin Gtin, string Name, decimal Quantity);
