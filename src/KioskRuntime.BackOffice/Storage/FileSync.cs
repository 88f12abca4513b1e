using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace KioskRuntime.BackOffice.Storage;

/// <summary>Makes a file's written bytes durable. One method, so tests can count and fail syncs.</summary>
internal interface IFileSync
{
    /// <summary>Returns only when the file's data is on stable storage; throws <see cref="IOException"/> when it is not.</summary>
    void Sync(SafeFileHandle handle, string path);

    /// <summary>Makes a directory entry (a newly created file) durable.</summary>
    void SyncDirectory(string directory);
}

/// <summary>
/// fsync through libc, checking the result: .NET 10.0.12 on Linux ignores fsync failures in <c>FileStream.Flush(true)</c>
/// (field notes, section 4), so a failed fsync would silently lose acknowledged events. EINTR is retried here.
/// On Windows, falls back to <c>FlushFileBuffers</c> via <see cref="RandomAccess.FlushToDisk"/>.
/// Thread safety: stateless.
/// </summary>
internal sealed partial class PosixFileSync : IFileSync
{
    private const int EINTR = 4;
    private const int O_RDONLY = 0;

    public static PosixFileSync Instance { get; } = new();

    public void Sync(SafeFileHandle handle, string path)
    {
        if (OperatingSystem.IsWindows())
        {
            RandomAccess.FlushToDisk(handle);
            return;
        }

        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            Retry(() => fsync((int)handle.DangerousGetHandle()), "fsync", path);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    public void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // NTFS makes directory entries durable with the file's own metadata.
        }

        var fd = open(directory, O_RDONLY);
        if (fd < 0)
        {
            throw Error("open", directory, Marshal.GetLastPInvokeError());
        }

        try
        {
            Retry(() => fsync(fd), "fsync", directory);
        }
        finally
        {
            _ = close(fd);
        }
    }

    private static void Retry(Func<int> call, string name, string path)
    {
        while (call() != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != EINTR)
            {
                throw Error(name, path, errno);
            }
        }
    }

    private static IOException Error(string call, string path, int errno) =>
        new($"Error while calling {call}({path}): errno={errno} ({Marshal.GetPInvokeErrorMessage(errno)}).");

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
