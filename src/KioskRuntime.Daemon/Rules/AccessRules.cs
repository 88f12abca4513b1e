using KioskRuntime.Devices;
using KioskRuntime.Hardware.Profiles;

namespace KioskRuntime.Daemon.Rules;

/// <summary>The door and alarm rules. Pure.</summary>
internal static class AccessRules
{
    /// <summary>A door opening while every lock is locked was forced (or held); with no lock in the profile nothing is "forced".</summary>
    public static bool IsForcedOpen(SensorChange change, int lockCount, bool anyUnlocked) =>
        change.Kind == SensorKind.Door && change.Active && lockCount > 0 && !anyUnlocked;

    /// <summary>A tamper switch opening raises the alarm, if the profile says tamper stops selling.</summary>
    public static bool RaisesAlarm(SensorChange change, bool tamperStopsSelling) =>
        change.Kind == SensorKind.Tamper && change.Active && tamperStopsSelling;

    /// <summary>Only a technician acknowledges a raised alarm, and only once every tamper switch is closed again.</summary>
    public static bool Acknowledges(StaffRole role, bool alarmRaised, int openTamperInputs) =>
        role == StaffRole.Technician && alarmRaised && openTamperInputs == 0;
}
