using System.Runtime.InteropServices;

namespace KioskRuntime.Linux.Interop;

/// <summary>string.h.</summary>
internal static partial class LibC
{
    /// <summary>The message for an errno; the pointer is owned by libc.</summary>
    [LibraryImport(Library, EntryPoint = "strerror")]
    internal static partial nint strerror(int errnum);
}
