namespace KioskRuntime.Daemon;

// Documents the sale pipeline keeps in the journal database's state collections. Every change to them is made inside the journal
// transaction of the business event that causes it, so state and events can never disagree after a crash.

/// <summary>Collection names.</summary>
internal static class StateCollections
{
    public const string Payments = "payments";
    public const string Counters = "counters";
    public const string Sales = "sales";
    public const string Receipts = "receipts";
    public const string Stock = "stock";
    public const string Catalog = "catalog";
    public const string Alarms = "alarms";
}

/// <summary>The tamper alarm: raised when a tamper input goes active, cleared by a technician card once the input is closed again.</summary>
public sealed class AlarmDocument
{
    public bool Raised { get; set; }
    public string Input { get; set; } = "";
    public DateTimeOffset Since { get; set; }
}

/// <summary>A payment intent, journaled before the terminal is asked. Status: pending, completed, declined, unknown, not-charged.</summary>
public sealed class PaymentIntentDocument
{
    public string IntentId { get; set; } = "";
    public string ServiceId { get; set; } = "";
    public string Kind { get; set; } = "sale";
    public decimal Amount { get; set; }
    public string Currency { get; set; } = "NOK";
    public string Status { get; set; } = "pending";

    /// <summary>The sale lines as the contract writes them, so that a sale approved before a crash can be completed afterwards.</summary>
    public string LinesJson { get; set; } = "[]";

    /// <summary>For refunds: the receipt being returned.</summary>
    public long? OriginalReceiptNo { get; set; }

    /// <summary>For refunds: who approved it (<c>staff-card:&lt;id&gt;</c>), or null when the profile required no approval for the amount.</summary>
    public string? ApprovedBy { get; set; }

    public long? ResultSeq { get; set; }
    public string? TerminalReference { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class CounterDocument
{
    public long Value { get; set; }
}

/// <summary>A completed sale, kept for returns and reprints.</summary>
public sealed class SaleRecordDocument
{
    public long ReceiptNo { get; set; }
    public long Seq { get; set; }
    public string Id { get; set; } = "";
    public string PayloadJson { get; set; } = "";
    public DateTimeOffset OccurredAt { get; set; }
    public bool Returned { get; set; }
    public bool IsReturn { get; set; }

    /// <summary>The latest refund intent for this receipt (journaled with the intent), whatever became of it.</summary>
    public string? RefundIntentId { get; set; }

    /// <summary>
    /// The random part of the receipt's return code (<see cref="Domain.ReturnCode"/>), drawn and journaled in the sale's transaction; kept in
    /// the kiosk's journal only, never sent upstream. Null for sales journaled before return codes had one: those go to the staff.
    /// </summary>
    public string? ReturnToken { get; set; }
}

/// <summary>The print state of a receipt. Outcome: pending, printed, not-printed, unknown. At most one copy (KOPI) per receipt.</summary>
public sealed class ReceiptStateDocument
{
    public long ReceiptNo { get; set; }
    public long SaleSeq { get; set; }
    public string Outcome { get; set; } = "pending";
    public int Copies { get; set; }
    public bool Recovered { get; set; }
}
