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
    DateTimeOffset StartedAt);

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
