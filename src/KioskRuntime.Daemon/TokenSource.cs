namespace KioskRuntime.Daemon;

/// <summary>
/// Where the back office token came from, and a warning when that place is readable by others: the command line (visible in
/// <c>ps</c> and <c>/proc/*/cmdline</c>), the environment (<c>/proc/*/environ</c>, unit files), or a configuration file that others may read.
/// Only the systemd credential (<c>LoadCredential=upstream-token</c>, <c>$CREDENTIALS_DIRECTORY</c>) is quiet. Pure apart from the file mode.
/// </summary>
internal static class TokenSource
{
    /// <summary>The warning to print at start, or null when the token comes from the credential (or there is none).</summary>
    public static string? Warning(IReadOnlyList<string> args, Func<string, string?> environment, string? configFile)
    {
        if (args.Any(a => a == "--upstream-token" || a.StartsWith("--upstream-token=", StringComparison.Ordinal)))
        {
            return "the upstream token was given on the command line, where any local user can read it (ps); use the systemd credential 'upstream-token'";
        }

        if (environment("Kiosk__UpstreamToken") is { Length: > 0 })
        {
            return "the upstream token came from the environment (Kiosk__UpstreamToken); use the systemd credential 'upstream-token'";
        }

        if (configFile is not null && File.Exists(configFile) && File.ReadAllText(configFile).Contains("UpstreamToken", StringComparison.OrdinalIgnoreCase)
            && (File.GetUnixFileMode(configFile) & (UnixFileMode.OtherRead | UnixFileMode.GroupRead)) != 0)
        {
            return $"the upstream token is in {configFile}, which others may read; make it 0600 or use the systemd credential 'upstream-token'";
        }

        return null;
    }
}
