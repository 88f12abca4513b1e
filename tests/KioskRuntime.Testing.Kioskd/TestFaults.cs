using KioskRuntime.Daemon;

namespace KioskRuntime.Testing.Kioskd;

/// <summary>
/// The faults the end-to-end tests ask for, read from this test host's environment (the shipped kioskd reads none of these):
/// <c>KIOSK_ENABLE_FAULTS=1</c> opens <c>debug stall</c> to the service user, and with <c>KIOSK_KILL_AT=&lt;step&gt;</c> arms the
/// <see cref="PaymentKillSwitch"/> for kioskd's own steps and the simulated terminal's. Immutable; thread-safe.
/// </summary>
internal sealed class TestFaults(bool enabled, PaymentKillSwitch killSwitch) : IKioskFaults
{
    public const string EnableVariable = "KIOSK_ENABLE_FAULTS";

    public bool AnyoneMayStall => enabled;

    public PaymentKillSwitch KillSwitch => killSwitch;

    public Action<string, string>? DeviceSteps => killSwitch.IsArmed ? killSwitch.At : null;

    public static TestFaults FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var enabled = environment(EnableVariable) == "1";
        return new TestFaults(enabled, enabled ? PaymentKillSwitch.FromStep(environment(PaymentKillSwitch.StepVariable)) : PaymentKillSwitch.Off);
    }

    public void AtStep(string step, string transactionId) => killSwitch.At(step, transactionId);
}
