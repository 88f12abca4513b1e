namespace KioskRuntime.Cli.Flashing;

/// <summary>
/// The three file operations a profile write is made of, so that tests can run <see cref="ProfileStore"/> on a crash-simulating file
/// system that keeps only what was synced (<c>tests/KioskRuntime.Cli.Tests/CrashSimFiles.cs</c>). Production: <see cref="LinuxProfileFiles"/>.
/// </summary>
internal interface IProfileFiles
{
    /// <summary>Creates or truncates <paramref name="path"/> and writes <paramref name="content"/>; with <paramref name="sync"/>, fsyncs it on the same descriptor (checked).</summary>
    void Write(string path, byte[] content, bool sync);

    /// <summary>rename(2): atomic, durable only after <see cref="SyncDirectory"/>.</summary>
    void Rename(string from, string to);

    /// <summary>fsync of the directory (checked): names created or renamed in it become durable.</summary>
    void SyncDirectory(string directory);
}
