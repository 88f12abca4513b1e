using KioskRuntime.Control;

namespace KioskRuntime.Daemon.LocalApi;

// The local API's documents. Amounts are contract strings ("42.90"), quantities too ("0.535" kg); times are UTC.

/// <summary>A scan as the screen shows it: accepted or not, a reason code the screen translates, the kiosk's own words.</summary>
internal sealed record ScanStep(bool Accepted, string Reason, string Message, string Source, DateTimeOffset At);

internal sealed record PaymentStep(string Phase, string Amount, string? Message, DateTimeOffset At);

internal sealed record ReceiptStep(long ReceiptNo, string Phase, string? Detail, DateTimeOffset At);

/// <summary>A banner over the screen: out-of-service (with its reason), offline (sales allowed up to the offline limit), staff mode.</summary>
internal sealed record Banner(string Kind, string? Reason);

/// <summary>
/// Everything the screen draws, in one document: sent first on every (re)connection and whenever it changes, so a screen that
/// reconnects after a kioskd restart shows the true state, never a remembered one.
/// </summary>
internal sealed record ScreenState(
    string KioskId,
    string BootId,
    string State,
    bool Selling,
    IReadOnlyList<Banner> Banners,
    ScreenCart Cart,
    string? Door,
    string? StaffMode,
    PaymentStep? Payment,
    ReceiptStep? Receipt);

internal sealed record ScreenCart(string Mode, IReadOnlyList<CartLineView> Lines, string Total, IReadOnlyList<ScreenVat> Vat, int Items);

internal sealed record ScreenVat(string Rate, string Amount);

internal sealed record ProductView(string Gtin, string Plu, string Name, string Price, string Unit, string VatRate);

internal sealed record ScanRequest(string Code);

/// <summary>Adds a product chosen on the screen: by GTIN or PLU, with a weight in kilograms for goods sold by weight.</summary>
internal sealed record AddItemRequest(string? Gtin, string? Plu, decimal? WeightKg);

internal sealed record CommandAnswer(bool Ok, string Message, ScreenCart? Cart = null, long? ReceiptNo = null, string? Total = null);

internal sealed record ReceiptPreviewView(long ReceiptNo, string Outcome, string Kind, string Text);

internal sealed record TechnicianView(
    StatusSnapshot Status,
    KioskRuntime.Journal.JournalVerification Journal,
    IReadOnlyList<ReceiptPreviewView> Receipts,
    IReadOnlyList<string> Log,
    int ScreenClients,
    long ScreenClientsCutOff);
