namespace KioskRuntime.Cli;

/// <summary>kioskctl's exit codes: scripts and technicians rely on them.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The thing checked is wrong, the action was refused, or kioskd is not running.</summary>
    public const int Refused = 1;

    /// <summary>Usage error: unknown command or option, missing argument.</summary>
    public const int Usage = 2;
}
