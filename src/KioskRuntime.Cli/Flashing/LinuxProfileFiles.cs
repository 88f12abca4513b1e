using KioskRuntime.Linux;

namespace KioskRuntime.Cli.Flashing;

/// <summary>The real <see cref="IProfileFiles"/>: KioskRuntime.Linux's checked syscalls. Stateless.</summary>
internal sealed class LinuxProfileFiles : IProfileFiles
{
    public void Write(string path, byte[] content, bool sync)
    {
        using var file = FileDescriptor.Open(path, OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Truncate);
        file.WriteAt(0, content);
        if (sync)
        {
            file.Sync();
        }
    }

    public void Rename(string from, string to) => DurableFile.Rename(from, to);

    public void SyncDirectory(string directory) => DurableFile.SyncDirectory(directory);
}
