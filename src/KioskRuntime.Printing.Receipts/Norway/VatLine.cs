namespace KioskRuntime.Printing.Receipts.Norway;

/// <summary>VAT for one rate: the base (excluding VAT) and the VAT amount.</summary>
public sealed record VatLine
{
    public decimal Rate { get; init; }

    public decimal Base { get; init; }

    public decimal Amount { get; init; }
}
