using System.Runtime.InteropServices;

namespace KioskRuntime.Linux.Interop;

/// <summary>stdlib.h: realpath and the pseudo-terminal calls.</summary>
internal static unsafe partial class LibC
{
    internal const int PATH_MAX = 4096;

    [LibraryImport(Library, EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial byte* realpath(string path, byte* resolved_path);

    [LibraryImport(Library, EntryPoint = "posix_openpt", SetLastError = true)]
    internal static partial int posix_openpt(int flags);

    [LibraryImport(Library, EntryPoint = "grantpt", SetLastError = true)]
    internal static partial int grantpt(int fd);

    [LibraryImport(Library, EntryPoint = "unlockpt", SetLastError = true)]
    internal static partial int unlockpt(int fd);

    /// <summary>Returns 0 or an error number (it does not set errno on glibc's success path; the error is the return value).</summary>
    [LibraryImport(Library, EntryPoint = "ptsname_r", SetLastError = true)]
    internal static partial int ptsname_r(int fd, byte* buf, nuint buflen);
}
