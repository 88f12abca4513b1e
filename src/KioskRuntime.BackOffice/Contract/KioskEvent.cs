namespace KioskRuntime.BackOffice.Contract;

/// <summary>
/// A well-formed event from a kiosk's journal, as the contract's envelope defines it. Immutable. The event's bytes as received
/// travel beside it in <see cref="ParsedEvent.RawJson"/>. Of the payload only what the back office acts on is kept; every field the
/// contract lists is validated all the same.
/// </summary>
internal sealed record KioskEvent(
    long Seq,
    Guid Id,
    string Type,
    DateTimeOffset OccurredAt,
    string Hash,
    EventPayload Payload)
{
    public const string SaleType = "sale";
    public const string ReturnType = "return";
    public const string StockAdjustmentType = "stock-adjustment";
}

/// <summary>The typed payload of an event; <see cref="UnknownPayload"/> for types this back office does not know.</summary>
internal abstract record EventPayload;

/// <summary>One line of a sale or a return (its name and VAT rate are validated, not kept).</summary>
internal sealed record EventLine(Gtin Gtin, decimal Qty, decimal UnitPrice, decimal LineTotal);

/// <summary>A sale (receipt number, VAT lines and payments are validated, not kept).</summary>
internal sealed record SalePayload(string Currency, IReadOnlyList<EventLine> Lines, decimal Total) : EventPayload;

/// <summary>A return (receipt number, VAT lines and refunds are validated, not kept).</summary>
internal sealed record ReturnPayload(Guid OriginalId, long OriginalSeq, IReadOnlyList<EventLine> Lines, decimal Total)
    : EventPayload;

/// <summary>A stock adjustment (the staff id is validated, not kept).</summary>
internal sealed record StockAdjustmentPayload(Gtin Gtin, decimal Delta, string Reason) : EventPayload;

/// <summary>An event type this back office stores and ignores.</summary>
internal sealed record UnknownPayload : EventPayload
{
    public static UnknownPayload Instance { get; } = new();
}
