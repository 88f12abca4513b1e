namespace KioskRuntime.Daemon;

/// <summary>
/// The seam through which tests inject faults into kioskd. The shipped kioskd uses <see cref="NoKioskFaults"/> and reads no fault
/// variables; the test host (<c>tests/KioskRuntime.Testing.Kioskd</c>) passes an armed implementation to <see cref="KioskdProgram.RunAsync"/>.
/// </summary>
internal interface IKioskFaults
{
    /// <summary>Whether <c>debug stall</c> is open to callers other than root (production: root only).</summary>
    bool AnyoneMayStall { get; }

    /// <summary>Called when a sale's payment or a return's refund reaches a named step (see the test host's kill switch).</summary>
    void AtStep(string step, string transactionId);

    /// <summary>Passed to simulated devices, which call it at their own named steps; null when nothing listens.</summary>
    Action<string, string>? DeviceSteps { get; }
}

/// <summary>Production: no faults, no hooks.</summary>
internal sealed class NoKioskFaults : IKioskFaults
{
    public static NoKioskFaults Instance { get; } = new();

    public bool AnyoneMayStall => false;

    public Action<string, string>? DeviceSteps => null;

    public void AtStep(string step, string transactionId)
    {
    }
}
