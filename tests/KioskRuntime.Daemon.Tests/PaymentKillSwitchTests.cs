using KioskRuntime.Testing.Kioskd;

namespace KioskRuntime.Daemon.Tests;

/// <summary>The test host's kill switch stays off unless asked for; the kill itself is exercised by the end-to-end PaymentStepKillTests.</summary>
public sealed class PaymentKillSwitchTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.Where(v => v.Name == name).Select(v => v.Value).FirstOrDefault();

    [Fact]
    public void It_is_armed_only_with_faults_enabled_and_a_step_named()
    {
        Assert.False(TestFaults.FromEnvironment(Environment()).KillSwitch.IsArmed);
        Assert.False(TestFaults.FromEnvironment(Environment(("KIOSK_KILL_AT", "sale-committed"))).KillSwitch.IsArmed);
        Assert.False(TestFaults.FromEnvironment(Environment(("KIOSK_ENABLE_FAULTS", "0"), ("KIOSK_KILL_AT", "sale-committed"))).KillSwitch.IsArmed);
        Assert.False(TestFaults.FromEnvironment(Environment(("KIOSK_ENABLE_FAULTS", "1"))).KillSwitch.IsArmed);
        Assert.True(TestFaults.FromEnvironment(Environment(("KIOSK_ENABLE_FAULTS", "1"), ("KIOSK_KILL_AT", "sale-committed"))).KillSwitch.IsArmed);
    }

    [Fact]
    public void A_misspelt_step_is_refused_rather_than_silently_never_firing()
    {
        var e = Assert.Throws<ArgumentException>(() => TestFaults.FromEnvironment(Environment(("KIOSK_ENABLE_FAULTS", "1"), ("KIOSK_KILL_AT", "sale-comitted"))));
        Assert.Contains("receipt-printed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Armed_for_one_step_it_passes_every_other_step()
    {
        var armed = new PaymentKillSwitch("receipt-printed");
        foreach (var step in PaymentKillSwitch.Steps.Where(s => s != "receipt-printed"))
        {
            armed.At(step, "tx-1"); // would end this test process if it fired
        }

        PaymentKillSwitch.Off.At("receipt-printed", "tx-1");
        Assert.True(armed.IsArmed);
    }
}
