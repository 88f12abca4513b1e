namespace KioskRuntime.Printing;

/// <summary>What kind of receipt is printed; decides the headline (kassasystemforskriften § 2-8-2 ff.).</summary>
public enum ReceiptKind
{
    Sale,
    Return,
    CopyOfSale,
    CopyOfReturn,
    Provisional,
    Training,
}

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

/// <summary>VAT for one rate: the base (excluding VAT) and the VAT amount.</summary>
public sealed record VatLine
{
    public decimal Rate { get; init; }

    public decimal Base { get; init; }

    public decimal Amount { get; init; }
}

/// <summary>One payment. Never carries a card number: only the brand and the terminal's transaction reference.</summary>
public sealed record PaymentLine
{
    /// <summary>"Kort", "Kontant", "Vipps" …</summary>
    public required string Method { get; init; }

    public decimal Amount { get; init; }

    public string? CardBrand { get; init; }

    public string? TerminalReference { get; init; }
}

/// <summary>
/// Everything a Norwegian receipt shows, as the printing layer needs it. Immutable; validated by
/// <see cref="NorwegianReceiptLayout.Compose"/>, which names the field that is wrong.
/// </summary>
public sealed record ReceiptData
{
    public required string SellerName { get; init; }

    /// <summary>Organisation number, 9 digits (spaces allowed); printed "Org.nr 123 456 789 MVA".</summary>
    public required string OrgNumber { get; init; }

    public IReadOnlyList<string> Address { get; init; } = [];

    /// <summary>The point-of-sale (cash register) id.</summary>
    public required string RegisterId { get; init; }

    /// <summary>Sequential receipt number, the same as in the journal and SAF-T.</summary>
    public long ReceiptNumber { get; init; }

    public ReceiptKind Kind { get; init; }

    /// <summary>When the sale was concluded; printed in Europe/Oslo local time.</summary>
    public DateTimeOffset At { get; init; }

    public IReadOnlyList<ReceiptLine> Lines { get; init; } = [];

    public IReadOnlyList<VatLine> Vat { get; init; } = [];

    public decimal Total { get; init; }

    /// <summary>Cash rounding to the krone (cash only); shown when not null and not zero.</summary>
    public decimal? Rounding { get; init; }

    public IReadOnlyList<PaymentLine> Payments { get; init; } = [];

    /// <summary>Encoded as a barcode/QR: scanning it at the kiosk starts a return of this sale.</summary>
    public string? ReturnCode { get; init; }

    /// <summary>For returns: the receipt number of the original sale.</summary>
    public long? OriginalReceiptNumber { get; init; }

    public IReadOnlyList<string> Footer { get; init; } = [];
}
