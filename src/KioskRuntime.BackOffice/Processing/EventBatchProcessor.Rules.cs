using System.Globalization;
using KioskRuntime.BackOffice.Contract;
using KioskRuntime.BackOffice.Storage;

namespace KioskRuntime.BackOffice.Processing;

/// <summary>
/// Business rules: what a well-formed event may still be refused for ("rejected", stored, seq advances).
/// A sale is a fact and is never refused for stock; stock may go negative.
/// </summary>
internal sealed partial class EventBatchProcessor
{
    private const string StoreCurrency = "NOK";

    private readonly record struct Decision(EventStatus Status, string? Reason)
    {
        public static Decision Accept { get; } = new(EventStatus.Accepted, null);

        public static Decision Reject(string reason) => new(EventStatus.Rejected, reason);
    }

    /// <summary>
    /// The rules, except the first: an id already stored as another accepted event. That one is the database's (a UNIQUE
    /// column, see <see cref="StoreDecided"/>), and its reason wins over any other.
    /// </summary>
    private Decision Decide(string kiosk, KioskEvent ev, StockChanges stock) =>
        ev.Payload switch
        {
            SalePayload sale when !string.Equals(sale.Currency, StoreCurrency, StringComparison.Ordinal) =>
                Decision.Reject($"currency {sale.Currency} is not accepted; this store trades in {StoreCurrency}"),
            ReturnPayload ret => DecideReturn(kiosk, ret),
            StockAdjustmentPayload adjustment when !stock.IsKnown(adjustment.Gtin) =>
                Decision.Reject($"stock-adjustment for unknown product {adjustment.Gtin}"),
            _ => Decision.Accept,
        };

    /// <summary>
    /// Stores a well-formed event with its decision and returns the decision that holds: an event the rules accept is
    /// inserted as accepted, and the database refuses it when its id is already held (UNIQUE <c>accepted_id</c>); it is then
    /// stored as rejected for that reason. An event the rules reject is looked up too, as the id's reason comes first.
    /// </summary>
    private Decision StoreDecided(string kiosk, ParsedEvent parsed, KioskEvent ev, Decision decision, DateTimeOffset receivedAt)
    {
        var stored = new StoredEvent(kiosk, ev.Seq, parsed.IdText, ev.Type, ev.Hash, decision.Status, decision.Reason, receivedAt, parsed.RawJson);
        EventLocation? holder;
        if (decision.Status == EventStatus.Accepted)
        {
            if (_store.Append(stored, ev.Id, acceptedReturnOf: ev.Payload is ReturnPayload r ? r.OriginalId : null))
            {
                return decision;
            }

            holder = _store.FindByEventId(ev.Id)
                     ?? throw new InvalidOperationException($"The database refused id {ev.Id} as taken, but no accepted event holds it.");
        }
        else
        {
            holder = _store.FindByEventId(ev.Id);
        }

        if (holder is { } taken)
        {
            decision = Decision.Reject(Invariant(
                $"id {ev.Id} is already stored as seq {taken.Seq} of kiosk {taken.KioskId}; event ids are unique across kiosks"));
        }

        _store.Append(stored with { Status = decision.Status, Reason = decision.Reason }, acceptedId: null, acceptedReturnOf: null);
        return decision;
    }

    private Decision DecideReturn(string kiosk, ReturnPayload ret)
    {
        var original = _store.GetEvent(kiosk, ret.OriginalSeq);
        if (original is null)
        {
            return Decision.Reject(Invariant(
                $"return names originalSeq {ret.OriginalSeq} (originalId {ret.OriginalId}), which is not stored for kiosk {kiosk}; a return never precedes its sale"));
        }

        if (!Guid.TryParse(original.EventId, out var originalId) || originalId != ret.OriginalId)
        {
            return Decision.Reject(Invariant(
                $"return names originalId {ret.OriginalId}, but seq {ret.OriginalSeq} holds event {original.EventId}"));
        }

        if (original.Type != KioskEvent.SaleType || original.Status != EventStatus.Accepted)
        {
            return Decision.Reject(Invariant(
                $"return names seq {ret.OriginalSeq}, which is a {original.Type} ({BackOfficeStore.StatusText(original.Status)}), not an accepted sale"));
        }

        var sold = QuantitiesByGtin(original);
        var returned = new Dictionary<Gtin, decimal>();
        foreach (var previous in _store.FindAcceptedReturnsOf(ret.OriginalId))
        {
            foreach (var (gtin, qty) in QuantitiesByGtin(previous))
            {
                returned[gtin] = returned.GetValueOrDefault(gtin) + qty;
            }
        }

        for (var i = 0; i < ret.Lines.Count; i++)
        {
            var line = ret.Lines[i];
            if (!sold.TryGetValue(line.Gtin, out var soldQty))
            {
                return Decision.Reject(Invariant($"payload.lines[{i}]: product {line.Gtin} is not on the original sale (seq {ret.OriginalSeq})"));
            }

            var already = returned.GetValueOrDefault(line.Gtin);
            if (already + line.Qty > soldQty)
            {
                return Decision.Reject(Invariant(
                    $"payload.lines[{i}]: returning {DecimalText.FormatQuantity(line.Qty)} of {line.Gtin}, but {DecimalText.FormatQuantity(soldQty)} were sold and {DecimalText.FormatQuantity(already)} already returned"));
            }

            returned[line.Gtin] = already + line.Qty;
        }

        return Decision.Accept;
    }

    /// <summary>Re-reads a stored well-formed sale or return and sums its line quantities per GTIN.</summary>
    private static Dictionary<Gtin, decimal> QuantitiesByGtin(StoredEvent stored)
    {
        var parsed = EventParser.ParseOne(stored.RawJson, stored.Seq);
        var lines = parsed.Event?.Payload switch
        {
            SalePayload sale => sale.Lines,
            ReturnPayload ret => ret.Lines,
            _ => throw new InvalidDataException(Invariant($"Stored event seq {stored.Seq} of kiosk {stored.KioskId} no longer parses: {parsed.Reason}")),
        };
        var totals = new Dictionary<Gtin, decimal>();
        foreach (var line in lines)
        {
            totals[line.Gtin] = totals.GetValueOrDefault(line.Gtin) + line.Qty;
        }

        return totals;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
