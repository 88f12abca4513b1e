namespace KioskRuntime.Hardware.Profiles;

/// <summary>
/// Which returns an unattended kiosk refunds on its own (profile <c>returns</c>). A return needs the receipt's return code, the goods
/// scanned back and, per <see cref="ApprovalAbove"/>, a member of staff's approval; it is refunded only as a reversal of the original
/// card payment. Immutable.
/// </summary>
public sealed record ReturnPolicy
{
    /// <summary>How long after the sale a return is accepted (profile <c>returns.windowDays</c>, default 30).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Refunds of more than this amount need a staff approval (profile <c>returns.approval</c>: <c>"always"</c>, the default, is 0.00 here,
    /// i.e. every refund; <c>{ "above": "500.00" }</c> sets the amount).
    /// </summary>
    public decimal ApprovalAbove { get; init; }
}
