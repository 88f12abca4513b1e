namespace KioskRuntime.Control;

/// <summary>What <c>kioskctl status --json</c> prints. Field names are part of the tool's contract.</summary>
public sealed record StatusSnapshot(
    string KioskId,
    string State,
    string? Reason,
    string Summary,
    JournalStatus Journal,
    UpstreamStatus Upstream,
    IReadOnlyList<DeviceStatusView> Devices,
    CartView Cart,
    long SalesSinceStart,
    DateTimeOffset StartedAt,
    ProfileStatus? Profile = null);

/// <summary>
/// The hardware profile in force: its file, canonical SHA-256, and why kioskd runs it: <c>signed</c> (by <see cref="KeyId"/>),
/// <c>unsigned-simulated</c> (every device simulated) or <c>unsigned-development</c> (the development setting is on).
/// </summary>
public sealed record ProfileStatus(string File, string? Hash, string Trust, string? KeyId, string Message);

public sealed record JournalStatus(long LastSeq, string LastHash, bool CanWrite, string? Reason);

public sealed record UpstreamStatus(
    string? Url,
    bool Online,
    DateTimeOffset? Since,
    long Pending,
    long DeliveredSeq,
    double? OldestPendingAgeSeconds,
    DateTimeOffset? LastSuccess,
    string? LastError,
    long DeadLetters,
    bool Forked);

public sealed record DeviceStatusView(string Name, string Kind, string Driver, string State, string? Detail, DateTimeOffset Since);

public sealed record CartView(IReadOnlyList<CartLineView> Lines, string Total, string Mode);

public sealed record CartLineView(string Gtin, string Name, string Qty, string UnitPrice, string LineTotal);
