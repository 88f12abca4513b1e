using System.Globalization;
using LiteDB;

namespace KioskRuntime.BackOffice.Storage;

/// <summary>Events and kiosk heads.</summary>
internal sealed partial class BackOfficeStore
{
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
        var doc = _events.FindById(EventKey(kioskId, seq));
        return doc is null ? null : ToStoredEvent(doc);
    }

    /// <summary>Where an event id is already stored as an accepted event, if anywhere (ids are unique across kiosks).</summary>
    public StoredEvent? FindByEventId(Guid eventId)
    {
        var doc = _eventIds.FindById(EventIdText(eventId));
        return doc is null ? null : GetEvent(doc["kiosk"].AsString, doc["seq"].AsInt64);
    }

    /// <summary>Accepted returns that name <paramref name="originalId"/> as their sale.</summary>
    public IReadOnlyList<StoredEvent> FindAcceptedReturnsOf(Guid originalId) =>
        _returns.Find(Query.StartsWith("_id", EventIdText(originalId) + "/"))
            .Select(d => GetEvent(d["kiosk"].AsString, d["seq"].AsInt64))
            .OfType<StoredEvent>()
            .ToList();

    public IReadOnlyList<StoredEvent> GetEvents(string kioskId, long fromSeq, int limit)
    {
        var from = EventKey(kioskId, Math.Max(fromSeq, 0));
        var to = EventKey(kioskId, long.MaxValue);
        // One range scan over the _id index, which is in seq order within a kiosk.
        return _events.Find(Query.Between("_id", from, to), limit: limit)
            .Select(ToStoredEvent)
            .ToList();
    }

    /// <summary>Moves a kiosk's head (last seq and hash). Call inside <see cref="InTransaction{T}"/>, after the events.</summary>
    public void SetHead(KioskHead head) =>
        _kiosks.Upsert(new BsonDocument
        {
            ["_id"] = head.KioskId,
            ["lastSeq"] = head.LastSeq,
            ["lastHash"] = head.LastHash,
        });

    /// <summary>Stores an event; the caller moves the head with <see cref="SetHead"/>. Call inside <see cref="InTransaction{T}"/>.</summary>
    /// <param name="acceptedId">The id of an accepted event, to keep ids unique across kiosks.</param>
    /// <param name="acceptedReturnOf">For an accepted return, the id of its sale.</param>
    public void Append(StoredEvent stored, Guid? acceptedId, Guid? acceptedReturnOf)
    {
        var doc = new BsonDocument
        {
            ["_id"] = EventKey(stored.KioskId, stored.Seq),
            ["kiosk"] = stored.KioskId,
            ["seq"] = stored.Seq,
            ["rawId"] = stored.EventId ?? (BsonValue)BsonValue.Null,
            ["type"] = stored.Type ?? (BsonValue)BsonValue.Null,
            ["hash"] = stored.Hash ?? (BsonValue)BsonValue.Null,
            ["status"] = StatusText(stored.Status),
            ["reason"] = stored.Reason ?? (BsonValue)BsonValue.Null,
            ["receivedAt"] = stored.ReceivedAt.UtcDateTime,
            ["raw"] = stored.RawJson,
        };
        _events.Insert(doc);
        if (acceptedId is { } id)
        {
            _eventIds.Insert(new BsonDocument { ["_id"] = EventIdText(id), ["kiosk"] = stored.KioskId, ["seq"] = stored.Seq });
        }

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

    internal static string StatusText(EventStatus status) => status switch
    {
        EventStatus.Accepted => "accepted",
        EventStatus.Rejected => "rejected",
        _ => "invalid",
    };

    private static EventStatus ParseStatus(string text) => text switch
    {
        "accepted" => EventStatus.Accepted,
        "rejected" => EventStatus.Rejected,
        _ => EventStatus.Invalid,
    };

    private static StoredEvent ToStoredEvent(BsonDocument doc) => new(
        doc["kiosk"].AsString,
        doc["seq"].AsInt64,
        NullableString(doc["rawId"]),
        NullableString(doc["type"]),
        NullableString(doc["hash"]),
        ParseStatus(doc["status"].AsString),
        NullableString(doc["reason"]),
        new DateTimeOffset(DateTime.SpecifyKind(doc["receivedAt"].AsDateTime.ToUniversalTime(), DateTimeKind.Utc)),
        doc["raw"].AsString);

    private static string? NullableString(BsonValue value) => value.IsNull ? null : value.AsString;

    private static string EventIdText(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    // Zero-padded so that _id order is seq order within a kiosk; '/' never appears in a kiosk id.
    private static string EventKey(string kioskId, long seq) =>
        string.Create(CultureInfo.InvariantCulture, $"{kioskId}/{seq:D19}");
}
