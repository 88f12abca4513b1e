using System.Runtime.InteropServices;

namespace KioskRuntime.Journal.Native;

/// <summary>
/// The raw libc layer: C names, <c>SetLastError</c> on every call, no policy. 64-bit Linux (x86_64, arm64) ABI:
/// <c>off_t</c> is 64-bit, <c>size_t</c>/<c>ssize_t</c> are pointer-sized.
/// The library name is resolved through <see cref="NativeLibrary.SetDllImportResolver"/> (see <see cref="LibCResolver"/>)
/// so tests can route every call through an LD_PRELOAD-style fault library.
/// </summary>
internal static unsafe partial class LibC
{
    internal const string Library = "libc";

    internal const int O_RDONLY = 0;
    internal const int O_RDWR = 2;
    internal const int O_CREAT = 0x40;
    internal const int O_CLOEXEC = 0x80000;

    internal const int LOCK_SH = 1;
    internal const int LOCK_EX = 2;
    internal const int LOCK_NB = 4;

    internal const int SEEK_END = 2;

    internal const int EINTR = 4;
    internal const int EIO = 5;
    internal const int EAGAIN = 11;
    internal const int ENOSPC = 28;
    internal const int EDQUOT = 122;

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string path, int flags, int mode);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    internal static partial int close(int fd);

    [LibraryImport(Library, EntryPoint = "pread", SetLastError = true)]
    internal static partial nint pread(int fd, byte* buf, nuint count, long offset);

    [LibraryImport(Library, EntryPoint = "pwrite", SetLastError = true)]
    internal static partial nint pwrite(int fd, byte* buf, nuint count, long offset);

    [LibraryImport(Library, EntryPoint = "fsync", SetLastError = true)]
    internal static partial int fsync(int fd);

    [LibraryImport(Library, EntryPoint = "fdatasync", SetLastError = true)]
    internal static partial int fdatasync(int fd);

    [LibraryImport(Library, EntryPoint = "ftruncate", SetLastError = true)]
    internal static partial int ftruncate(int fd, long length);

    [LibraryImport(Library, EntryPoint = "lseek", SetLastError = true)]
    internal static partial long lseek(int fd, long offset, int whence);

    [LibraryImport(Library, EntryPoint = "flock", SetLastError = true)]
    internal static partial int flock(int fd, int operation);

    /// <summary>struct statvfs on 64-bit glibc: 11 longs then 6 ints; we read f_frsize (offset 8) and f_bavail (offset 32).</summary>
    [LibraryImport(Library, EntryPoint = "statvfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int statvfs(string path, byte* buf);

    [LibraryImport(Library, EntryPoint = "strerror")]
    private static partial nint strerror(int errnum);

    internal static string ErrnoName(int errno) => errno switch
    {
        1 => "EPERM", 2 => "ENOENT", 4 => "EINTR", 5 => "EIO", 9 => "EBADF", 11 => "EAGAIN", 12 => "ENOMEM", 13 => "EACCES",
        17 => "EEXIST", 20 => "ENOTDIR", 21 => "EISDIR", 22 => "EINVAL", 24 => "EMFILE", 27 => "EFBIG", 28 => "ENOSPC",
        30 => "EROFS", 122 => "EDQUOT", _ => $"errno {errno}",
    };

    internal static string Describe(int errno)
    {
        var text = Marshal.PtrToStringUTF8(strerror(errno));
        return $"{ErrnoName(errno)} ({errno}){(string.IsNullOrEmpty(text) ? "" : ": " + text)}";
    }
}
