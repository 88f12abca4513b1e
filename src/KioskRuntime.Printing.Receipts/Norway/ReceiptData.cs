namespace KioskRuntime.Printing.Receipts.Norway;

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
