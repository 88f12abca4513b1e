using System.Text.Json;
using KioskRuntime.BackOffice.Contract;
using KioskRuntime.BackOffice.Storage;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.BackOffice.Processing;

/// <summary>
/// Applies one pushed batch for one kiosk, atomically (one SQLite transaction): duplicates, forks, seq gaps, malformed
/// events, business rejections, and stock for <c>sale</c>, <c>return</c> and <c>stock-adjustment</c>.
/// Thread safety: safe for concurrent use; batches are serialised by the store.
/// </summary>
internal sealed partial class EventBatchProcessor
{
    private readonly BackOfficeStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<EventBatchProcessor> _logger;

    public EventBatchProcessor(BackOfficeStore store, TimeProvider time, ILogger<EventBatchProcessor> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
    }

    /// <summary>Applies a push body (UTF-8 JSON); the body's bytes are only used during the call.</summary>
    public PushOutcome Push(KioskId kioskId, ReadOnlyMemory<byte> body)
    {
        IReadOnlyList<ParsedEvent> events;
        string? batchError;
        bool read;
        try
        {
            read = BatchReader.TryRead(body, out events, out batchError);
        }
        catch (JsonException ex)
        {
            read = false;
            events = [];
            batchError = $"body is not valid JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}";
        }

        if (!read)
        {
            LogInvalidBatch(_logger, kioskId.Value, batchError!);
            return new PushOutcome.Invalid(null, batchError!);
        }

        var outcome = _store.InTransaction(() => Apply(kioskId.Value, events));
        Log(kioskId.Value, events, outcome);
        return outcome;
    }

    private PushOutcome Apply(string kiosk, IReadOnlyList<ParsedEvent> events)
    {
        var head = _store.GetHead(kiosk);
        if (events[0].Seq > head.LastSeq + 1)
        {
            return new PushOutcome.SeqGap(head.LastSeq + 1);
        }

        var results = new List<EventResult>(events.Count);
        var stock = new StockChanges(_store);
        for (var i = 0; i < events.Count; i++)
        {
            var parsed = events[i];
            if (parsed.Seq <= head.LastSeq)
            {
                var stored = _store.GetEvent(kiosk, parsed.Seq)
                             ?? throw new InvalidDataException($"Kiosk {kiosk} has lastSeq {head.LastSeq} but no stored event {parsed.Seq}.");
                if (!SameEvent(stored, parsed))
                {
                    return new PushOutcome.Fork(parsed.Seq);
                }

                if (stored.Status == EventStatus.Invalid)
                {
                    // The same malformed event again: the same 400 when it leads the batch, else the prefix ends here.
                    if (i == 0)
                    {
                        return new PushOutcome.Invalid(parsed.Seq, stored.Reason ?? "malformed");
                    }

                    break;
                }

                results.Add(new EventResult(parsed.Seq, EventResult.Duplicate, stored.Reason));
                continue;
            }

            var receivedAt = _time.GetUtcNow();
            if (parsed.Event is null)
            {
                if (i > 0)
                {
                    break; // Results cover the prefix; the resend leads with this event and gets its 400.
                }

                _store.Append(
                    new StoredEvent(kiosk, parsed.Seq, parsed.IdText, parsed.TypeText, parsed.HashText, EventStatus.Invalid,
                        parsed.Reason, receivedAt, parsed.RawJson),
                    acceptedId: null,
                    acceptedReturnOf: null);
                _store.SetHead(head with { LastSeq = parsed.Seq, LastHash = parsed.HashText ?? string.Empty });
                return new PushOutcome.Invalid(parsed.Seq, parsed.Reason!);
            }

            var ev = parsed.Event;
            var decision = StoreDecided(kiosk, parsed, ev, Decide(kiosk, ev, stock), receivedAt);
            if (decision.Status == EventStatus.Accepted)
            {
                ApplyStock(ev.Payload, stock);
            }

            results.Add(new EventResult(
                ev.Seq,
                decision.Status == EventStatus.Accepted ? EventResult.Accepted : EventResult.Rejected,
                decision.Reason));
            head = head with { LastSeq = ev.Seq, LastHash = ev.Hash };
        }

        if (results.Any(r => r.Status != EventResult.Duplicate))
        {
            _store.SetHead(head);
        }

        if (stock.Write())
        {
            _store.Catalog.BumpCatalogVersion();
        }

        return new PushOutcome.Processed(head.LastSeq, results);
    }

    // Sale lines for a product the catalog does not hold are accepted without a stock change.
    private static void ApplyStock(EventPayload payload, StockChanges stock)
    {
        switch (payload)
        {
            case SalePayload sale:
                foreach (var line in sale.Lines)
                {
                    stock.Add(line.Gtin, -line.Qty);
                }

                break;
            case ReturnPayload ret:
                foreach (var line in ret.Lines)
                {
                    stock.Add(line.Gtin, line.Qty);
                }

                break;
            case StockAdjustmentPayload adjustment:
                stock.Add(adjustment.Gtin, adjustment.Delta);
                break;
        }
    }

    private static bool SameEvent(StoredEvent stored, ParsedEvent parsed)
    {
        var sameId = Guid.TryParse(stored.EventId, out var a) && Guid.TryParse(parsed.IdText, out var b)
            ? a == b
            : string.Equals(stored.EventId, parsed.IdText, StringComparison.Ordinal);
        // The contract: the upstream only compares the hash for equality (no case folding, no interpretation).
        return sameId && string.Equals(stored.Hash, parsed.HashText, StringComparison.Ordinal);
    }
}
