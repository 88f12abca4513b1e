using KioskRuntime.Linux;

namespace KioskRuntime.Cli.Flashing;

/// <summary>
/// The profile files in the configuration directory: <c>profile.json</c> (what kioskd runs) and <c>profile.last-good.json</c> (the profile
/// that last ran and passed, the one a rollback puts back). Every write is durable and atomic (<see cref="DurableFile"/>: temp file,
/// checked fsync, rename, directory fsync), so a power cut leaves the old or the new content, never a mix. Callers serialise (one flash at a time).
/// </summary>
internal sealed class ProfileStore(string configDir, Action<string>? step = null)
{
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
            DurableFile.Replace(LastGoodPath, inForce);
            step?.Invoke("last-good-kept");
        }

        Replace(ProfilePath, next);
    }

    /// <summary>Puts the last known good back in force (durably, atomically).</summary>
    public void Restore(byte[] lastGood) => Replace(ProfilePath, lastGood);

    /// <summary>
    /// <see cref="DurableFile.Replace"/>, spelled out so that <paramref name="step"/> (tests: the crash simulation) can stop it between the
    /// synced temp file and the rename, where a power cut hurts most.
    /// </summary>
    private void Replace(string path, byte[] content)
    {
        var temp = path + ".tmp";
        using (var file = FileDescriptor.Open(temp, OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Truncate))
        {
            file.WriteAt(0, content);
            file.Sync();
        }

        step?.Invoke("temp-synced");
        DurableFile.Rename(temp, path);
        step?.Invoke("renamed");
        DurableFile.SyncDirectory(configDir);
        step?.Invoke("directory-synced");
    }
}
