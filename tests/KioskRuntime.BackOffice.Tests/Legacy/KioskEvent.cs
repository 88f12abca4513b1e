using KioskRuntime.BackOffice.Contract;
namespace KioskRuntime.BackOffice.Tests.Legacy;

// The JsonDocument-based reader as it was before the single-pass Utf8JsonReader one (commit 6c5e768), kept unchanged as
// the oracle of ParserEquivalenceTests: the new reader must accept, reject and word its errors exactly like this one.

/// <summary>A well-formed event from a kiosk's journal, as the contract's envelope defines it. Immutable.</summary>
/// <param name="RawJson">The event exactly as received (stored verbatim).</param>
internal sealed record KioskEvent(
    long Seq,
    Guid Id,
    string Type,
    DateTimeOffset OccurredAt,
    string Hash,
    EventPayload Payload,
    string RawJson)
{
    public const string SaleType = "sale";
    public const string ReturnType = "return";
    public const string StockAdjustmentType = "stock-adjustment";
}

/// <summary>The typed payload of an event; <see cref="UnknownPayload"/> for types this back office does not know.</summary>
internal abstract record EventPayload;

/// <summary>One line of a sale or a return.</summary>
internal sealed record EventLine(Gtin Gtin, string Name, decimal Qty, decimal UnitPrice, string VatRate, decimal LineTotal);

internal sealed record SalePayload(string ReceiptNo, string Currency, IReadOnlyList<EventLine> Lines, decimal Total) : EventPayload;

internal sealed record ReturnPayload(string ReceiptNo, Guid OriginalId, long OriginalSeq, IReadOnlyList<EventLine> Lines, decimal Total)
    : EventPayload;

internal sealed record StockAdjustmentPayload(Gtin Gtin, decimal Delta, string Reason, string StaffId) : EventPayload;

/// <summary>An event type this back office stores and ignores.</summary>
internal sealed record UnknownPayload : EventPayload
{
    public static UnknownPayload Instance { get; } = new();
}
