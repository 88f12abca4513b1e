using System.Runtime.InteropServices;

namespace KioskRuntime.Linux.Interop;

/// <summary>sys/file.h.</summary>
internal static partial class LibC
{
    internal const int LOCK_SH = 1;
    internal const int LOCK_EX = 2;
    internal const int LOCK_NB = 4;

    [LibraryImport(Library, EntryPoint = "flock", SetLastError = true)]
    internal static partial int flock(int fd, int operation);
}
