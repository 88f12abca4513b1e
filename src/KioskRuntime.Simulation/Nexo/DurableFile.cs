using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace KioskRuntime.Simulation.Nexo;

/// <summary>
/// Replaces a small file so that a crash or power cut leaves either the old or the new content: temp file, checked fsync, rename,
/// checked fsync of the directory. The fsyncs go through libc because <c>FileStream.Flush(true)</c> on .NET 10 for Linux ignores
/// fsync failures (docs/field-notes.md, section 4). Thread safety: stateless; callers serialise writes to one path.
/// </summary>
internal static partial class DurableFile
{
    private const int EINTR = 4;
    private const int O_RDONLY = 0;

    public static void Replace(string path, ReadOnlySpan<byte> content)
    {
        string full = Path.GetFullPath(path);
        string temp = full + ".tmp";
        using (var handle = File.OpenHandle(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            RandomAccess.Write(handle, content, 0);
            Sync(handle, temp);
        }

        File.Move(temp, full, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(full)!);
    }

    private static void Sync(SafeFileHandle handle, string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            RandomAccess.FlushToDisk(handle);
            return;
        }

        bool added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            Checked(() => fsync((int)handle.DangerousGetHandle()), "fsync", path);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        int fd = open(directory, O_RDONLY);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Error while calling open({directory}, O_RDONLY): errno={errno} ({Marshal.GetPInvokeErrorMessage(errno)}).");
        }

        try
        {
            Checked(() => fsync(fd), "fsync", directory);
        }
        finally
        {
            _ = close(fd);
        }
    }

    private static void Checked(Func<int> call, string name, string path)
    {
        while (call() != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno != EINTR)
            {
                throw new IOException($"Error while calling {name}({path}): errno={errno} ({Marshal.GetPInvokeErrorMessage(errno)}).");
            }
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
