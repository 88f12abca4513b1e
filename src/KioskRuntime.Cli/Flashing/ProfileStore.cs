namespace KioskRuntime.Cli.Flashing;

/// <summary>
/// The profile files in the configuration directory: <c>profile.json</c> (what kioskd runs) and <c>profile.last-good.json</c> (the profile
/// that last ran and passed, the one a rollback puts back). Every write is durable and atomic (<see cref="Linux.DurableFile"/>'s steps: temp file,
/// checked fsync, rename, directory fsync), so a power cut leaves the old or the new content, never a mix. Callers serialise (one flash at a time).
/// </summary>
internal sealed class ProfileStore(string configDir, Action<string>? step = null, IProfileFiles? files = null)
{
    private readonly IProfileFiles _files = files ?? new LinuxProfileFiles();

    public string ProfilePath => Path.Combine(configDir, "profile.json");

    public string LastGoodPath => Path.Combine(configDir, "profile.last-good.json");

    public byte[]? ReadCurrent() => File.Exists(ProfilePath) ? File.ReadAllBytes(ProfilePath) : null;

    public byte[]? ReadLastGood() => File.Exists(LastGoodPath) ? File.ReadAllBytes(LastGoodPath) : null;

    /// <summary>
    /// Keeps the profile in force as the last known good, then puts <paramref name="next"/> in force. Each file is replaced atomically;
    /// a crash between the two leaves the old profile in force with a fresh last-good copy of it, which is harmless.
    /// </summary>
    public void Install(byte[] next, byte[]? inForce)
    {
        Directory.CreateDirectory(configDir);
        if (inForce is not null)
        {
            Replace(LastGoodPath, inForce, report: false);
            step?.Invoke("last-good-kept");
        }

        Replace(ProfilePath, next, report: true);
    }

    /// <summary>Puts the last known good back in force (durably, atomically).</summary>
    public void Restore(byte[] lastGood) => Replace(ProfilePath, lastGood, report: true);

    /// <summary>
    /// <c>DurableFile.Replace</c>, spelled out over <see cref="IProfileFiles"/> so that <paramref name="step"/> can stop it between the
    /// synced temp file and the rename, and the crash-simulating file system of the tests can drop whatever was not synced.
    /// </summary>
    private void Replace(string path, byte[] content, bool report)
    {
        var stepOf = report ? step : null;
        var temp = path + ".tmp";
        _files.Write(temp, content, sync: true);
        stepOf?.Invoke("temp-synced");
        _files.Rename(temp, path);
        stepOf?.Invoke("renamed");
        _files.SyncDirectory(configDir);
        stepOf?.Invoke("directory-synced");
    }
}
