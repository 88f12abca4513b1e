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
internal sealed record StoredEvent(
    string KioskId,
    long Seq,
    string? EventId,
    string? Type,
    string? Hash,
    EventStatus Status,
    string? Reason,
    DateTimeOffset ReceivedAt,
    string RawJson);

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
