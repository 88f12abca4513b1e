using KioskRuntime.Daemon.Rules;
using KioskRuntime.Devices;
using KioskRuntime.Hardware.Profiles;

namespace KioskRuntime.Daemon.Tests.Rules;

public sealed class StaffAndPresenceRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    private static SensorChange Change(SensorKind kind, bool active, string input = "x") => new("sensors", input, kind, active, false, At);

    [Fact]
    public void Staff_mode_times_out_at_the_timeout_not_before()
    {
        var timeout = TimeSpan.FromMinutes(5);
        Assert.False(StaffIdleRule.HasTimedOut(timeout - TimeSpan.FromTicks(1), timeout));
        Assert.True(StaffIdleRule.HasTimedOut(timeout, timeout));
        Assert.True(StaffIdleRule.HasTimedOut(timeout + TimeSpan.FromSeconds(1), timeout));
    }

    [Fact]
    public void Presence_at_an_idle_kiosk_greets_the_customer() =>
        Assert.True(PresenceRule.Greets(Change(SensorKind.Presence, active: true), customerBusy: false, staffMode: false));

    [Theory]
    [InlineData(true, false, true)]    // a customer is shopping
    [InlineData(false, true, true)]    // staff mode
    [InlineData(false, false, false)]  // presence ended
    public void Presence_does_not_interrupt_a_customer_or_staff(bool customerBusy, bool staffMode, bool active) =>
        Assert.False(PresenceRule.Greets(Change(SensorKind.Presence, active), customerBusy, staffMode));

    [Fact]
    public void Only_the_presence_sensor_greets() =>
        Assert.False(PresenceRule.Greets(Change(SensorKind.Door, active: true), customerBusy: false, staffMode: false));

    [Fact]
    public void A_door_opened_while_every_lock_is_locked_is_forced()
    {
        Assert.True(AccessRules.IsForcedOpen(Change(SensorKind.Door, true), lockCount: 1, anyUnlocked: false));
        Assert.False(AccessRules.IsForcedOpen(Change(SensorKind.Door, true), lockCount: 1, anyUnlocked: true));
        Assert.False(AccessRules.IsForcedOpen(Change(SensorKind.Door, true), lockCount: 0, anyUnlocked: false));
        Assert.False(AccessRules.IsForcedOpen(Change(SensorKind.Door, false), lockCount: 1, anyUnlocked: false));
    }

    [Fact]
    public void A_tamper_switch_opening_raises_the_alarm_only_if_tamper_stops_selling()
    {
        Assert.True(AccessRules.RaisesAlarm(Change(SensorKind.Tamper, true), tamperStopsSelling: true));
        Assert.False(AccessRules.RaisesAlarm(Change(SensorKind.Tamper, true), tamperStopsSelling: false));
        Assert.False(AccessRules.RaisesAlarm(Change(SensorKind.Tamper, false), tamperStopsSelling: true));
    }

    [Fact]
    public void Only_a_technician_acknowledges_the_alarm_and_only_with_every_tamper_switch_closed()
    {
        Assert.True(AccessRules.Acknowledges(StaffRole.Technician, alarmRaised: true, openTamperInputs: 0));
        Assert.False(AccessRules.Acknowledges(StaffRole.Technician, alarmRaised: true, openTamperInputs: 1));
        Assert.False(AccessRules.Acknowledges(StaffRole.Staff, alarmRaised: true, openTamperInputs: 0));
        Assert.False(AccessRules.Acknowledges(StaffRole.Technician, alarmRaised: false, openTamperInputs: 0));
    }
}
