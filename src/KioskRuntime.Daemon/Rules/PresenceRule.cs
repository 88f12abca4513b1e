using KioskRuntime.Devices;

namespace KioskRuntime.Daemon.Rules;

/// <summary>The presence-sensor rule: someone stepping up to an idle kiosk is greeted (the idle screen is shown again). Pure.</summary>
internal static class PresenceRule
{
    /// <summary>True when the change is a presence sensor turning active while nobody is shopping, returning or in staff mode.</summary>
    public static bool Greets(SensorChange change, bool customerBusy, bool staffMode) =>
        change.Kind == SensorKind.Presence && change.Active && !customerBusy && !staffMode;
}
