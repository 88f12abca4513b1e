namespace KioskRuntime.Control;

/// <summary>
/// Where a kiosk keeps its journal and state, found the same way by <c>kioskd</c> and <c>kioskctl</c>:
/// an explicit <c>--data-dir</c>, else <c>$KIOSK_DATA_DIR</c>, else <c>$STATE_DIRECTORY</c> (set by systemd's <c>StateDirectory=</c>),
/// else <c>kiosk-data</c> in the working directory.
/// </summary>
public static class DataDirectory
{
    public const string DefaultFolderName = "kiosk-data";

    /// <summary>The installed service's state directory (<c>StateDirectory=kiosk</c>).</summary>
    public const string ServiceStateDirectory = "/var/lib/kiosk";

    public static string Resolve(string? explicitPath, Func<string, string?> environment, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var chosen = !string.IsNullOrWhiteSpace(explicitPath) ? explicitPath
            : environment("KIOSK_DATA_DIR") is { Length: > 0 } fromEnv ? fromEnv
            : FirstOf(environment("STATE_DIRECTORY")) is { Length: > 0 } state ? state
            : Path.Combine(workingDirectory, DefaultFolderName);
        return Path.GetFullPath(chosen, workingDirectory);
    }

    /// <summary>
    /// For tools run by a technician (no systemd environment): like <see cref="Resolve"/>, but when nothing is configured and the working
    /// directory has no kiosk data, the installed service's state directory is used if it exists. Run as root (<paramref name="asRoot"/>),
    /// only an explicit <c>--data-dir</c> or <see cref="ServiceStateDirectory"/> is used: never <c>./kiosk-data</c> of the working
    /// directory nor a directory from the environment, where a planted socket would impersonate kioskd to root.
    /// </summary>
    public static string ResolveForTool(string? explicitPath, Func<string, string?> environment, string workingDirectory, bool asRoot = false)
    {
        if (asRoot)
        {
            return string.IsNullOrWhiteSpace(explicitPath) ? ServiceStateDirectory : Path.GetFullPath(explicitPath, workingDirectory);
        }

        var resolved = Resolve(explicitPath, environment, workingDirectory);
        var nothingConfigured = string.IsNullOrWhiteSpace(explicitPath) && string.IsNullOrEmpty(environment("KIOSK_DATA_DIR"))
            && string.IsNullOrEmpty(environment("STATE_DIRECTORY"));
        return nothingConfigured && !Directory.Exists(resolved) && Directory.Exists(ServiceStateDirectory) ? ServiceStateDirectory : resolved;
    }

    public static string SocketPath(string dataDirectory) => Path.Combine(dataDirectory, ControlProtocol.SocketFileName);

    // systemd passes several directories separated by ':' when StateDirectory= names several; the first is ours.
    private static string? FirstOf(string? list) => list?.Split(':', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
}
