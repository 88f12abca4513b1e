using KioskRuntime.Barcodes;
using KioskRuntime.Barcodes.VariableMeasure;
using KioskRuntime.Devices;
using KioskRuntime.Devices.Drivers;

namespace KioskRuntime.Hardware.Profiles;

/// <summary>
/// A validated hardware profile: who the kiosk is and which driver serves each device. Immutable once loaded.
/// Built only by <see cref="ProfileLoader"/>, which reports every problem with file, line and what was expected.
/// </summary>
public sealed record HardwareProfile
{
    public required string SourceFile { get; init; }
    public required string KioskId { get; init; }
    public required string Locale { get; init; }
    public required string Currency { get; init; }
    public required string TimeZone { get; init; }
    public required string RegisterId { get; init; }
    public required SellerInfo Seller { get; init; }
    public required ControlBarcodes ControlBarcodes { get; init; }
    public required TimeSpan DuplicateScanWindow { get; init; }

    /// <summary>The largest sale allowed while the back office is unreachable; null means no limit.</summary>
    public decimal? OfflineMaxAmount { get; init; }

    /// <summary>Whether a printer that cannot print (paper out, cover open) stops new sales (Norwegian rule: no sale without a receipt).</summary>
    public required bool RequireReceiptPrinter { get; init; }

    /// <summary>In-store variable measure templates (prefixes 20–29); the layout is set per country or chain, so it lives here.</summary>
    public required IReadOnlyList<VariableMeasureTemplate> VariableMeasure { get; init; }

    public required IReadOnlyList<DeviceConfig> Devices { get; init; }

    /// <summary>Staff and technician cards (hashed UIDs); empty when the kiosk has no staff mode.</summary>
    public IReadOnlyList<StaffCard> Staff { get; init; } = [];

    public AccessPolicy Access { get; init; } = new();

    /// <summary>GS1 weight/price checks and the rule per date AI (Norwegian defaults).</summary>
    public Gs1Rules Gs1 { get; init; } = new();

    /// <summary>What a return needs before the kiosk refunds it (window, approval).</summary>
    public ReturnPolicy Returns { get; init; } = new();

    /// <summary>
    /// The kiosk's stock adjustment reasons (count, damage, theft, received, other) → the inventory account's adjustment categories
    /// (profile <c>adjustmentCategories</c>; Rackbeat: docs/rackbeat.md). Reasons not listed take the adapter's defaults.
    /// </summary>
    public IReadOnlyDictionary<string, string> AdjustmentCategories { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The local API and reference screen served by kioskd (loopback and a unix socket only); off unless the profile enables it.</summary>
    public ScreenPolicy Screen { get; init; } = new();
}

public enum StaffRole
{
    /// <summary>Store staff: stock counts and receiving, receipt copies.</summary>
    Staff,

    /// <summary>A field technician: what staff may do, and acknowledging a tamper alarm after service.</summary>
    Technician,
}

/// <summary>A card that unlocks staff mode. <see cref="CardHash"/> is the salted UID hash (<c>kioskctl</c> prints it for a card).</summary>
public sealed record StaffCard(string Id, StaffRole Role, CardUidHash CardHash);

/// <summary>What the lock, the sensors and staff mode do.</summary>
public sealed record AccessPolicy
{
    /// <summary>Unlock the door lock once a sale is durably journaled (an unattended store's door or a vending cabinet).</summary>
    public bool UnlockAfterSale { get; init; }

    /// <summary>How long staff mode lasts after the last staff action.</summary>
    public TimeSpan StaffModeTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A tamper switch going active stops sales until it is closed again and a technician card acknowledges it.</summary>
    public bool TamperStopsSelling { get; init; } = true;

    /// <summary>
    /// The Unix group whose members may use kioskctl's state-changing commands (door unlock, stock adjust, journal recover, return
    /// approval) besides root and the service user; null: root and the service user only.
    /// </summary>
    public string? OperatorsGroup { get; init; }
}

/// <summary>The local screen API: on or off, and its loopback port (0 = any free port, written to the screen-url file).</summary>
public sealed record ScreenPolicy
{
    public bool Enabled { get; init; }

    public int Port { get; init; } = 8089;
}

public sealed record SellerInfo(string Name, string OrgNumber, IReadOnlyList<string> Address);

public sealed record ControlBarcodes(string Checkout, string Cancel, string? Staff);

/// <summary>One thing wrong with a profile. Line and column are 1-based; 0 when unknown.</summary>
public sealed record ProfileProblem(string File, int Line, int Column, string Path, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Path}: {Message}" : $"{File}: {Path}: {Message}";
}

/// <summary>Thrown when a profile is invalid; carries every problem found.</summary>
public sealed class InvalidProfileException(IReadOnlyList<ProfileProblem> problems)
    : Exception($"The hardware profile is invalid ({problems.Count} problem(s)):{Environment.NewLine}" + string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<ProfileProblem> Problems { get; } = problems;
}
