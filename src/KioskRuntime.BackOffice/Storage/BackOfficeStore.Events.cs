using System.Globalization;
using LiteDB;

namespace KioskRuntime.BackOffice.Storage;

/// <summary>
/// Events and kiosk heads. A transaction's events are stored as runs: one <c>eventRuns</c> document per run of a kiosk's
/// consecutive events (the records as one blob, see <see cref="EventRunCodec"/>) and one small <c>eventRunIndex</c> document
/// (its span and accepted ids) from which <see cref="EventIndex"/> is rebuilt at start.
/// </summary>
internal sealed partial class BackOfficeStore
{
    /// <summary>At most this many events in one stored run (a push holds at most 500).</summary>
    internal const int MaxRunLength = 500;

    public KioskHead GetHead(string kioskId)
    {
        var doc = _kiosks.FindById(kioskId);
        return doc is null ? KioskHead.Empty(kioskId) : new KioskHead(kioskId, doc["lastSeq"].AsInt64, doc["lastHash"].AsString);
    }

    public IReadOnlyList<KioskHead> GetHeads() =>
        _kiosks.FindAll()
            .Select(d => new KioskHead(d["_id"].AsString, d["lastSeq"].AsInt64, d["lastHash"].AsString))
            .OrderBy(h => h.KioskId, StringComparer.Ordinal)
            .ToList();

    public StoredEvent? GetEvent(string kioskId, long seq)
    {
        if (_writeGate.IsHeldByCurrentThread)
        {
            // Inside the writing transaction: its own events, not yet flushed, count as stored.
            for (var i = _pending.Count - 1; i >= 0; i--)
            {
                var (stored, _) = _pending[i];
                if (stored.Seq == seq && string.Equals(stored.KioskId, kioskId, StringComparison.Ordinal))
                {
                    return stored;
                }
            }
        }

        return _index.TryFindRun(kioskId, seq, out var run) ? ReadRun(kioskId, run)[(int)(seq - run.FirstSeq)] : null;
    }

    /// <summary>Where an event id is already stored as an accepted event, if anywhere (ids are unique across kiosks).</summary>
    public EventLocation? FindByEventId(Guid eventId)
    {
        if (_writeGate.IsHeldByCurrentThread && _pendingIds.TryGetValue(eventId, out var pending))
        {
            return pending;
        }

        return _index.TryLocate(eventId, out var location) ? location : null;
    }

    /// <summary>Accepted returns that name <paramref name="originalId"/> as their sale.</summary>
    public IReadOnlyList<StoredEvent> FindAcceptedReturnsOf(Guid originalId) =>
        _returns.Find(Query.StartsWith("_id", EventIdText(originalId) + "/"))
            .Select(d => GetEvent(d["kiosk"].AsString, d["seq"].AsInt64))
            .OfType<StoredEvent>()
            .ToList();

    /// <summary>Up to <paramref name="limit"/> of the kiosk's stored events from <paramref name="fromSeq"/> on, in seq order.</summary>
    public IReadOnlyList<StoredEvent> GetEvents(string kioskId, long fromSeq, int limit)
    {
        fromSeq = Math.Max(fromSeq, 1);
        var events = new List<StoredEvent>(Math.Min(limit, MaxRunLength));
        foreach (var run in _index.RunsFrom(kioskId, fromSeq, limit))
        {
            foreach (var stored in ReadRun(kioskId, run))
            {
                if (stored.Seq >= fromSeq && events.Count < limit)
                {
                    events.Add(stored);
                }
            }
        }

        return events;
    }

    /// <summary>Moves a kiosk's head (last seq and hash). Call inside <see cref="InTransaction{T}"/>, after the events.</summary>
    public void SetHead(KioskHead head) =>
        _kiosks.Upsert(new BsonDocument
        {
            ["_id"] = head.KioskId,
            ["lastSeq"] = head.LastSeq,
            ["lastHash"] = head.LastHash,
        });

    /// <summary>
    /// Stores an event; the caller moves the head with <see cref="SetHead"/>. Call inside <see cref="InTransaction{T}"/>:
    /// the transaction's events are written as runs (one LiteDB document each) when it commits, and are visible to
    /// <see cref="GetEvent"/> and <see cref="FindByEventId"/> in it before that.
    /// </summary>
    /// <param name="acceptedId">The id of an accepted event, to keep ids unique across kiosks.</param>
    /// <param name="acceptedReturnOf">For an accepted return, the id of its sale.</param>
    public void Append(StoredEvent stored, Guid? acceptedId, Guid? acceptedReturnOf)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!_writeGate.IsHeldByCurrentThread)
        {
            throw new InvalidOperationException("Append is only allowed inside InTransaction.");
        }

        if (acceptedId is { } id)
        {
            _pendingIds.Add(id, new EventLocation(stored.KioskId, stored.Seq));
        }

        _pending.Add((stored, acceptedId));
        if (acceptedReturnOf is { } original)
        {
            _returns.Insert(new BsonDocument
            {
                ["_id"] = string.Create(CultureInfo.InvariantCulture, $"{EventIdText(original)}/{stored.KioskId}/{stored.Seq:D19}"),
                ["kiosk"] = stored.KioskId,
                ["seq"] = stored.Seq,
            });
        }
    }

    /// <summary>Writes the transaction's appended events as runs; returns what to publish to the index after the commit.</summary>
    private List<IndexedRun> FlushPendingRuns()
    {
        var flushed = new List<IndexedRun>();
        var start = 0;
        for (var i = 1; i <= _pending.Count; i++)
        {
            if (i < _pending.Count
                && i - start < MaxRunLength
                && _pending[i].Stored.Seq == _pending[i - 1].Stored.Seq + 1
                && string.Equals(_pending[i].Stored.KioskId, _pending[start].Stored.KioskId, StringComparison.Ordinal))
            {
                continue;
            }

            flushed.Add(WriteRun(_pending.GetRange(start, i - start)));
            start = i;
        }

        return flushed;
    }

    private IndexedRun WriteRun(List<(StoredEvent Stored, Guid? AcceptedId)> pending)
    {
        var kiosk = pending[0].Stored.KioskId;
        var span = new EventRunSpan(pending[0].Stored.Seq, pending.Count);
        var key = RunKey(kiosk, span.FirstSeq);
        // The index document: per event 16 bytes of accepted id (zero otherwise) and one accepted flag (a nil UUID is an id too).
        var ids = new byte[pending.Count * 16];
        var accepted = new byte[pending.Count];
        var acceptedIds = new List<(Guid, long)>(pending.Count);
        for (var i = 0; i < pending.Count; i++)
        {
            if (pending[i].AcceptedId is { } id)
            {
                id.TryWriteBytes(ids.AsSpan(i * 16, 16));
                accepted[i] = 1;
                acceptedIds.Add((id, pending[i].Stored.Seq));
            }
        }

        _eventRuns.Insert(new BsonDocument
        {
            ["_id"] = key,
            ["format"] = EventRunCodec.Format,
            ["data"] = EventRunCodec.Encode(pending.ConvertAll(p => p.Stored)),
        });
        _eventRunIndex.Insert(new BsonDocument
        {
            ["_id"] = key,
            ["kiosk"] = kiosk,
            ["first"] = span.FirstSeq,
            ["count"] = span.Count,
            ["ids"] = ids,
            ["accepted"] = accepted,
        });
        return new IndexedRun(kiosk, span, acceptedIds);
    }

    /// <summary>Rebuilds the in-memory index from the stored run index (small documents; the runs themselves are not read).</summary>
    private void LoadIndex()
    {
        var runs = _eventRunIndex.FindAll()
            .Select(d => (Kiosk: d["kiosk"].AsString, Span: new EventRunSpan(d["first"].AsInt64, d["count"].AsInt32), Ids: d["ids"].AsBinary, Accepted: d["accepted"].AsBinary))
            .OrderBy(r => r.Kiosk, StringComparer.Ordinal)
            .ThenBy(r => r.Span.FirstSeq);
        foreach (var (kiosk, span, ids, accepted) in runs)
        {
            var acceptedIds = new List<(Guid, long)>();
            for (var i = 0; i < span.Count; i++)
            {
                if (accepted[i] != 0)
                {
                    acceptedIds.Add((new Guid(ids.AsSpan(i * 16, 16)), span.FirstSeq + i));
                }
            }

            _index.Add(kiosk, span, acceptedIds);
        }
    }

    /// <summary>
    /// Copies events stored one document per event (by kiosk-backoffice before event runs) into runs in one transaction,
    /// then drops the old collections (LiteDB drops outside a transaction only), so a data file from before keeps answering
    /// duplicates, forks and the read view. An event already in a run is not copied again, so a start that stopped between
    /// the two steps finishes the job. Reads them all into memory once: meant for the development and test files this back
    /// office keeps.
    /// </summary>
    private void MigrateLegacyEvents()
    {
        if (!_db.CollectionExists(LegacyEventsCollection))
        {
            return;
        }

        InTransaction(() =>
        {
            var legacy = _db.GetCollection(LegacyEventsCollection).FindAll()
                .Select(doc => new StoredEvent(
                    doc["kiosk"].AsString,
                    doc["seq"].AsInt64,
                    NullableString(doc["rawId"]),
                    NullableString(doc["type"]),
                    NullableString(doc["hash"]),
                    ParseStatus(doc["status"].AsString),
                    NullableString(doc["reason"]),
                    new DateTimeOffset(DateTime.SpecifyKind(doc["receivedAt"].AsDateTime.ToUniversalTime(), DateTimeKind.Utc)),
                    System.Text.Encoding.UTF8.GetBytes(doc["raw"].AsString)))
                .Where(e => !_index.TryFindRun(e.KioskId, e.Seq, out _))
                .OrderBy(e => e.KioskId, StringComparer.Ordinal)
                .ThenBy(e => e.Seq);
            foreach (var stored in legacy)
            {
                Guid? acceptedId = stored.Status == EventStatus.Accepted && Guid.TryParse(stored.EventId, out var id) ? id : null;
                Append(stored, acceptedId, acceptedReturnOf: null); // the returns collection is unchanged
            }

            return true;
        });
        _db.DropCollection(LegacyEventsCollection);
        _db.DropCollection(LegacyEventIdsCollection);
    }

    private static string? NullableString(BsonValue value) => value.IsNull ? null : value.AsString;

    private IReadOnlyList<StoredEvent> ReadRun(string kioskId, EventRunSpan span)
    {
        var cached = _lastRun;
        if (cached is not null && cached.Span == span && string.Equals(cached.KioskId, kioskId, StringComparison.Ordinal))
        {
            return cached.Events;
        }

        var doc = _eventRuns.FindById(RunKey(kioskId, span.FirstSeq))
                  ?? throw new InvalidDataException($"Kiosk {kioskId}: the run {span.FirstSeq}..{span.LastSeq} is indexed but not stored.");
        if (doc["format"].AsString != EventRunCodec.Format)
        {
            throw new InvalidDataException($"Kiosk {kioskId}: the run {span.FirstSeq}..{span.LastSeq} is stored as \"{doc["format"].AsString}\", which this version cannot read.");
        }

        var events = EventRunCodec.Decode(kioskId, doc["data"].AsBinary);
        if (events.Count != span.Count || events[0].Seq != span.FirstSeq)
        {
            throw new InvalidDataException($"Kiosk {kioskId}: the run stored as {span.FirstSeq}..{span.LastSeq} holds {events.Count} events.");
        }

        _lastRun = new CachedRun(kioskId, span, events);
        return events;
    }

    internal static string StatusText(EventStatus status) => status switch
    {
        EventStatus.Accepted => "accepted",
        EventStatus.Rejected => "rejected",
        _ => "invalid",
    };

    internal static EventStatus ParseStatus(string? text) => text switch
    {
        "accepted" => EventStatus.Accepted,
        "rejected" => EventStatus.Rejected,
        _ => EventStatus.Invalid,
    };

    private static string EventIdText(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    // A run's _id: its kiosk and first seq ('/' never appears in a kiosk id).
    private static string RunKey(string kioskId, long firstSeq) =>
        string.Create(CultureInfo.InvariantCulture, $"{kioskId}/{firstSeq:D19}");

    /// <summary>A run written in the open transaction, published to the index once it commits.</summary>
    private sealed record IndexedRun(string KioskId, EventRunSpan Span, List<(Guid Id, long Seq)> AcceptedIds);

    /// <summary>The last run read, decoded (a resent batch's duplicates and a return's sale are usually in it). Immutable.</summary>
    private sealed record CachedRun(string KioskId, EventRunSpan Span, IReadOnlyList<StoredEvent> Events);
}
