namespace KioskRuntime.Printing.Receipts.Norway;

/// <summary>One sold (or returned) item. Amounts in NOK including VAT; negative on returns is allowed.</summary>
public sealed record ReceiptLine
{
    public required string Name { get; init; }

    public decimal Quantity { get; init; } = 1m;

    /// <summary><c>stk</c> for pieces, <c>kg</c> for weighed items.</summary>
    public string Unit { get; init; } = "stk";

    public decimal UnitPrice { get; init; }

    public decimal LineTotal { get; init; }

    /// <summary>VAT rate in percent: 25, 15, 12 or 0.</summary>
    public decimal VatRate { get; init; }
}
