using KioskRuntime.Control;
using KioskRuntime.Devices;

namespace KioskRuntime.Daemon;

/// <summary>One piece of work queued for the sale loop, with the completion its sender awaits. Refused (never dropped) at shutdown.</summary>
internal abstract record SaleWork
{
    public abstract void Refuse(string reason);
}

internal abstract record SaleWork<T>(TaskCompletionSource<T> Completion) : SaleWork
{
    public static TaskCompletionSource<T> NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

internal sealed record ScanWork(ScannedCode Code, TaskCompletionSource<ScanOutcome> Completion) : SaleWork<ScanOutcome>(Completion)
{
    /// <summary>Queued by a scanner's device loop (counted against the queued-scan bound), not by the control socket.</summary>
    public bool FromDevice { get; init; }

    public override void Refuse(string reason) => Completion.TrySetResult(new ScanOutcome(false, reason, new CartView([], "0.00", "sale")));
}

internal sealed record CheckoutWork(TaskCompletionSource<CheckoutOutcome> Completion) : SaleWork<CheckoutOutcome>(Completion)
{
    public override void Refuse(string reason) => Completion.TrySetResult(new CheckoutOutcome(false, reason));
}

internal sealed record CancelWork(TaskCompletionSource<ScanOutcome> Completion) : SaleWork<ScanOutcome>(Completion)
{
    public override void Refuse(string reason) => Completion.TrySetResult(new ScanOutcome(false, reason, new CartView([], "0.00", "sale")));
}

internal sealed record AddItemWork(string Gtin, decimal? WeightKg, TaskCompletionSource<ScanOutcome> Completion) : SaleWork<ScanOutcome>(Completion)
{
    public override void Refuse(string reason) => Completion.TrySetResult(new ScanOutcome(false, reason, new CartView([], "0.00", "sale")));
}

internal sealed record ReprintWork(long ReceiptNo, TaskCompletionSource<CheckoutOutcome> Completion) : SaleWork<CheckoutOutcome>(Completion)
{
    public override void Refuse(string reason) => Completion.TrySetResult(new CheckoutOutcome(false, reason));
}

internal sealed record StallWork(TimeSpan Duration, TaskCompletionSource<bool> Completion) : SaleWork<bool>(Completion)
{
    public override void Refuse(string reason) => Completion.TrySetResult(false);
}

internal sealed record SensorWork(SensorChange Change, TaskCompletionSource<bool> Completion) : SaleWork<bool>(Completion)
{
    public override void Refuse(string reason) => Completion.TrySetResult(false);
}

internal sealed record CardWork(CardPresented Card, TaskCompletionSource<bool> Completion) : SaleWork<bool>(Completion)
{
    public override void Refuse(string reason) => Completion.TrySetResult(false);
}

internal sealed record UnlockWork(string By, string Reason, TimeSpan? HoldOpen, TaskCompletionSource<CheckoutOutcome> Completion) : SaleWork<CheckoutOutcome>(Completion)
{
    public override void Refuse(string reason) => Completion.TrySetResult(new CheckoutOutcome(false, reason));
}

internal sealed record AdjustWork(string Gtin, decimal Delta, string Reason, string StaffId, TaskCompletionSource<CheckoutOutcome> Completion) : SaleWork<CheckoutOutcome>(Completion)
{
    public override void Refuse(string reason) => Completion.TrySetResult(new CheckoutOutcome(false, reason));
}
