using KioskRuntime.BackOffice.Contract;

namespace KioskRuntime.BackOffice.Storage;

/// <summary>What the back office decided about one stored event.</summary>
internal enum EventStatus
{
    /// <summary>Well-formed and applied (or, for an unknown type, stored and ignored).</summary>
    Accepted,

    /// <summary>Well-formed but refused by the business for good; stored so <c>seq</c> advances.</summary>
    Rejected,

    /// <summary>Malformed (answered 400); stored so <c>seq</c> advances once the kiosk dead-letters it.</summary>
    Invalid,
}

/// <summary>An event as stored for a kiosk, with the decision taken. Immutable.</summary>
/// <param name="RawJson">
/// The event's UTF-8 JSON exactly as received (or its redacted envelope). For an event of the open push, a slice of its request
/// body: never kept past the request.
/// </param>
internal sealed record StoredEvent(
    string KioskId,
    long Seq,
    string? EventId,
    string? Type,
    string? Hash,
    EventStatus Status,
    string? Reason,
    DateTimeOffset ReceivedAt,
    ReadOnlyMemory<byte> RawJson)
{
    /// <summary>The raw JSON as text (for reading and tests; the hot path keeps bytes).</summary>
    public string RawText => System.Text.Encoding.UTF8.GetString(RawJson.Span);

    /// <summary>Equal when every field is, the raw JSON byte for byte.</summary>
    public bool Equals(StoredEvent? other) =>
        other is not null
        && KioskId == other.KioskId && Seq == other.Seq && EventId == other.EventId && Type == other.Type && Hash == other.Hash
        && Status == other.Status && Reason == other.Reason && ReceivedAt.Equals(other.ReceivedAt)
        && RawJson.Span.SequenceEqual(other.RawJson.Span);

    public override int GetHashCode() => HashCode.Combine(KioskId, Seq, EventId, Hash, Status, ReceivedAt);
}

/// <summary>A kiosk's head: the last stored <c>seq</c> and the chain hash there.</summary>
internal readonly record struct KioskHead(string KioskId, long LastSeq, string LastHash)
{
    public static KioskHead Empty(string kioskId) => new(kioskId, 0, string.Empty);
}

/// <summary>A catalog product with its current stock figure. Immutable.</summary>
internal sealed record CatalogProduct(
    Gtin Gtin,
    string Sku,
    string Name,
    string Price,
    string Currency,
    string VatRate,
    string Unit,
    decimal Stock,
    int? AgeLimit);

/// <summary>Where an accepted event is stored: its kiosk and <c>seq</c>.</summary>
internal readonly record struct EventLocation(string KioskId, long Seq);
