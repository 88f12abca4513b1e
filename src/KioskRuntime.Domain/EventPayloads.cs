using System.Text.Json;
using System.Text.Json.Serialization;

namespace KioskRuntime.Domain;

/// <summary>Event type names. The first four are the upstream contract's; the rest are the kiosk's own audit events, which the
/// contract lets an upstream store and ignore.</summary>
public static class EventTypes
{
    public const string Sale = "sale";
    public const string Return = "return";
    public const string StockAdjustment = "stock-adjustment";
    public const string PaymentReversal = "payment-reversal";
    public const string PaymentIntent = "payment-intent";
    public const string PaymentOutcome = "payment-outcome";
    public const string ReceiptPrinted = "receipt-printed";

    /// <summary>A tamper, door or presence input changed (debounced).</summary>
    public const string Sensor = "sensor";

    /// <summary>Staff mode started or ended (who, by which card role).</summary>
    public const string StaffSession = "staff-session";

    /// <summary>The door lock was opened by a staff action (a sale's unlock is authorised by the sale event itself).</summary>
    public const string DoorUnlock = "door-unlock";

    /// <summary>A technician acknowledged a tamper alarm; selling may resume.</summary>
    public const string AlarmAcknowledged = "alarm-acknowledged";

    /// <summary>A scanned item was refused by a rule the shop reports on (a use-by date passed): the waste report's input.</summary>
    public const string ScanRejected = "scan-rejected";

    /// <summary>A technician flashed or rolled back a hardware profile (kioskctl profile flash|rollback): who, which profile, the result.</summary>
    public const string ProfileFlash = "profile-flash";
}

// Wire shapes of the upstream contract (money and quantities as strings). Fields may be added; readers ignore unknown ones.

/// <summary>
/// A sale or return line. The trace fields (added for GS1 codes, docs/contract-changes.md) are omitted when the code did not carry
/// them: <paramref name="Lot"/> AI 10, <paramref name="Serial"/> AI 21, dates <c>yyyy-MM-dd</c>: <paramref name="UseBy"/> AI 17,
/// <paramref name="BestBefore"/> AI 15, <paramref name="SellBy"/> AI 16; <paramref name="NetWeight"/> the scanned net weight in kg
/// (AI 310n; for a weighed line it equals <paramref name="Qty"/>).
/// </summary>
public sealed record SaleLinePayload(
    string Gtin,
    string Name,
    string Qty,
    string UnitPrice,
    string VatRate,
    string LineTotal,
    string? Unit = null,
    string? Lot = null,
    string? Serial = null,
    string? UseBy = null,
    string? BestBefore = null,
    string? SellBy = null,
    string? NetWeight = null);

public sealed record VatPayload(string Rate, string Base, string Amount);

public sealed record PaymentPayload(string Method, string Amount, string? TerminalRef, string? CardBrand);

public sealed record SalePayload(
    long ReceiptNo,
    string Currency,
    IReadOnlyList<SaleLinePayload> Lines,
    string Total,
    IReadOnlyList<VatPayload> Vat,
    IReadOnlyList<PaymentPayload> Payments,
    string? RegisterId = null);

public sealed record ReturnPayload(
    long ReceiptNo,
    string OriginalId,
    long OriginalSeq,
    long OriginalReceiptNo,
    string Currency,
    IReadOnlyList<SaleLinePayload> Lines,
    string Total,
    IReadOnlyList<VatPayload> Vat,
    IReadOnlyList<PaymentPayload> Refunds,
    string? ApprovedBy = null);

public sealed record StockAdjustmentPayload(string Gtin, string Delta, string Reason, string StaffId);

/// <summary><paramref name="Forced"/>: a door opened while the lock was locked (an alarm).</summary>
public sealed record SensorPayload(string Device, string Input, string Kind, bool Active, bool Initial, bool? Forced = null);

public sealed record StaffSessionPayload(string StaffId, string Role, string Action, string? Reason = null);

public sealed record DoorUnlockPayload(string Device, string By, string Reason, int Seconds);

/// <summary>
/// <c>profile-flash</c> (docs/contract-changes.md): <c>action</c> flash|rollback; <c>result</c> in-force (the new profile runs), rolled-back (a
/// step failed, the last known good runs again) or refused (nothing was changed); the attempted profile's canonical SHA-256, the one in force
/// now, the one before; who; the failed step and why; how the profile in force is trusted (signed, unsigned-simulated, unsigned-development).
/// </summary>
public sealed record ProfileFlashPayload(
    string Action,
    string Result,
    string ProfileHash,
    string InForceHash,
    string? PreviousHash,
    string By,
    string? FailedStep,
    string? Detail,
    string Trust,
    string? KeyId);

public sealed record AlarmAcknowledgedPayload(string Alarm, string StaffId);

/// <summary>
/// A refused scan worth reporting (<see cref="EventTypes.ScanRejected"/>): which item, by which rule (<c>use-by</c>, <c>expiry-time</c>,
/// <c>best-before</c>, <c>sell-by</c> when configured to refuse), the customer's message, the date that was past, and the lot/serial.
/// </summary>
public sealed record ScanRejectedPayload(
    string Gtin,
    string Name,
    string Rule,
    string Reason,
    string? Date,
    string? Lot,
    string? Serial,
    string Scanner);

/// <summary>Journaled before the terminal is asked (design rule 1).</summary>
public sealed record PaymentIntentPayload(string IntentId, string ServiceId, string Amount, string Currency, int LineCount);

public sealed record PaymentOutcomePayload(string IntentId, string Result, string? TerminalRef, string? CardBrand, string? Reason, bool Recovered);

public sealed record ReceiptPrintedPayload(long ReceiptNo, long SaleSeq, string Kind, string Outcome, string? Detail);

/// <summary>JSON for event payloads: camelCase, no indentation, nulls omitted. One options instance for the process.</summary>
public static class EventJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    public static string Serialize<T>(T payload) => JsonSerializer.Serialize(payload, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Expected a {typeof(T).Name} object, got null.");
}
