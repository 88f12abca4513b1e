namespace KioskRuntime.Printing.Receipts.Norway;

/// <summary>One payment. Never carries a card number: only the brand and the terminal's transaction reference.</summary>
public sealed record PaymentLine
{
    /// <summary>"Kort", "Kontant", "Vipps" …</summary>
    public required string Method { get; init; }

    public decimal Amount { get; init; }

    public string? CardBrand { get; init; }

    public string? TerminalReference { get; init; }
}
