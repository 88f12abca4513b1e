namespace KioskRuntime.Sync.Rackbeat;

/// <summary>
/// <c>rackbeat/&lt;seq&gt;</c>: how far one event got in Rackbeat. Every Rackbeat id is stored (journal commit, checked fsync) before
/// the next step; <see cref="Pending"/> is stored before a request whose outcome may be lost, so a resumed event first finds out
/// what Rackbeat already holds instead of doing it again.
/// </summary>
public sealed class RackbeatEventDocument
{
    public long Seq { get; set; }

    public string EventId { get; set; } = "";

    /// <summary><c>KRT-&lt;event id, 32 hex&gt;</c>: the order's note (and KioskRef field), the adjustments' reason.</summary>
    public string Reference { get; set; } = "";

    /// <summary>The step sent whose answer has not been recorded (draft, fields, book, shipment, ship, invoice, creditnote, creditbook); null when none.</summary>
    public string? Pending { get; set; }

    /// <summary>The day (yyyy-MM-dd) the draft was sent: the lookup's date filter.</summary>
    public string? DraftDay { get; set; }

    public long? OrderNumber { get; set; }

    public bool FieldSet { get; set; }

    public bool Booked { get; set; }

    public long? ShipmentId { get; set; }

    public bool Shipped { get; set; }

    public long? InvoiceId { get; set; }

    public bool InvoiceBooked { get; set; }

    /// <summary>Sale: item number → quantity sold (what returns are checked against).</summary>
    public Dictionary<string, decimal> Sold { get; set; } = [];

    /// <summary>Sale: item number → quantity already credited by returns.</summary>
    public Dictionary<string, decimal> Returned { get; set; } = [];

    /// <summary>Sale: credit notes already claimed by returns of this sale.</summary>
    public List<long> CreditNotes { get; set; } = [];

    /// <summary>Return: the credit note made for it.</summary>
    public long? CreditNoteNumber { get; set; }

    public bool CreditNoteBooked { get; set; }

    /// <summary>Return: its quantities were added to the sale's <see cref="Returned"/> (once, in the same commit as the last step).</summary>
    public bool ReturnCounted { get; set; }

    /// <summary>Stock adjustments (a stock-adjustment event, or a return whose sale has no invoice), one per item.</summary>
    public List<RackbeatAdjustmentStep> Adjustments { get; set; } = [];
}
