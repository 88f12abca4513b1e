namespace KioskRuntime.Daemon.Rules;

/// <summary>The staff-mode idle rule: a staff session with no action for the profile's timeout ends. Pure.</summary>
internal static class StaffIdleRule
{
    /// <summary>True when <paramref name="sinceLastAction"/> has reached <paramref name="timeout"/> (the boundary ends the session).</summary>
    public static bool HasTimedOut(TimeSpan sinceLastAction, TimeSpan timeout) => sinceLastAction >= timeout;
}
