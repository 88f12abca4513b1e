using System.Runtime.InteropServices;

namespace KioskRuntime.Linux.Interop;

/// <summary>stdio.h.</summary>
internal static partial class LibC
{
    [LibraryImport(Library, EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rename(string oldpath, string newpath);
}
