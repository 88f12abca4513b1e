using System.Runtime.InteropServices;

namespace KioskRuntime.Linux.Interop;

/// <summary>sys/stat.h.</summary>
internal static partial class LibC
{
    [LibraryImport(Library, EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mkfifo(string pathname, uint mode);
}
