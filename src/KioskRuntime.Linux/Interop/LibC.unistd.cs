using System.Runtime.InteropServices;

namespace KioskRuntime.Linux.Interop;

/// <summary>unistd.h.</summary>
internal static unsafe partial class LibC
{
    internal const int SEEK_SET = 0;
    internal const int SEEK_END = 2;

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    internal static partial int close(int fd);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    internal static partial nint read(int fd, byte* buf, nuint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    internal static partial nint write(int fd, byte* buf, nuint count);

    [LibraryImport(Library, EntryPoint = "pread", SetLastError = true)]
    internal static partial nint pread(int fd, byte* buf, nuint count, long offset);

    [LibraryImport(Library, EntryPoint = "pwrite", SetLastError = true)]
    internal static partial nint pwrite(int fd, byte* buf, nuint count, long offset);

    [LibraryImport(Library, EntryPoint = "lseek", SetLastError = true)]
    internal static partial long lseek(int fd, long offset, int whence);

    [LibraryImport(Library, EntryPoint = "fsync", SetLastError = true)]
    internal static partial int fsync(int fd);

    [LibraryImport(Library, EntryPoint = "fdatasync", SetLastError = true)]
    internal static partial int fdatasync(int fd);

    [LibraryImport(Library, EntryPoint = "ftruncate", SetLastError = true)]
    internal static partial int ftruncate(int fd, long length);

    [LibraryImport(Library, EntryPoint = "pipe2", SetLastError = true)]
    internal static partial int pipe2(int* pipefd, int flags);
}
