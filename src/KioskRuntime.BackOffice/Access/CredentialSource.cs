using Microsoft.Extensions.Logging;

namespace KioskRuntime.BackOffice.Access;

/// <summary>
/// The credentials file, read at start (a missing, unreadable, malformed or group/world-writable file stops the start) and
/// read again when its modification time or size changes, so that <c>credentials issue</c> and <c>credentials revoke</c> take
/// effect without a restart. A change that does not parse keeps the last good set and is logged as an error.
/// Thread safety: safe for concurrent use (the set is swapped whole).
/// </summary>
internal sealed partial class CredentialSource
{
    private readonly string _path;
    private readonly ILogger<CredentialSource> _logger;
    private readonly Lock _reload = new();
    private volatile Snapshot _current;

    public CredentialSource(string path, ILogger<CredentialSource> logger)
    {
        _path = Path.GetFullPath(path);
        _logger = logger;
        _current = Load(_path, Stamp(_path) ?? throw new BackOfficeConfigurationException(
            $"--credentials {path}: the file does not exist; create it with: kiosk-backoffice credentials issue --file {path} --admin"));
    }

    public string FilePath => _path;

    /// <summary>The current set (read again first if the file changed).</summary>
    public CredentialSet Current
    {
        get
        {
            var snapshot = _current;
            var stamp = Stamp(_path);
            if (stamp is null || stamp == snapshot.Stamp)
            {
                return snapshot.Set;
            }

            lock (_reload)
            {
                if (_current.Stamp == stamp)
                {
                    return _current.Set;
                }

                try
                {
                    _current = Load(_path, stamp.Value);
                    LogReloaded(_logger, _path, _current.Set.Credentials.Count);
                }
                catch (BackOfficeConfigurationException ex)
                {
                    // Keep serving with the last good set; mark this stamp as seen so the error is logged once per change.
                    _current = snapshot with { Stamp = stamp.Value };
                    LogReloadFailed(_logger, ex.Message);
                }

                return _current.Set;
            }
        }
    }

    private static Snapshot Load(string path, (DateTime, long) stamp)
    {
        try
        {
            if (!OperatingSystem.IsWindows()
                && (File.GetUnixFileMode(path) & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            {
                throw new BackOfficeConfigurationException(
                    $"--credentials {path}: the file is writable by group or others, who could add a kiosk of their own; chmod 600 it");
            }

            return new Snapshot(CredentialSet.Parse(File.ReadAllText(path), path), stamp);
        }
        catch (FormatException ex)
        {
            throw new BackOfficeConfigurationException("--credentials " + ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BackOfficeConfigurationException($"--credentials {path}: cannot read the file: {ex.Message}");
        }
    }

    private static (DateTime, long)? Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "credentials {Path} read again: {Count} token(s)")]
    private static partial void LogReloaded(ILogger logger, string path, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Reason}; the previous credentials stay in force")]
    private static partial void LogReloadFailed(ILogger logger, string reason);

    private sealed record Snapshot(CredentialSet Set, (DateTime, long) Stamp);
}
