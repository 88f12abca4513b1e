using System.Runtime.InteropServices;

namespace KioskRuntime.Linux.Interop;

/// <summary>
/// sys/statvfs.h. glibc's struct statvfs on 64-bit (x86-64 and arm64 alike): f_bsize, f_frsize, f_blocks, f_bfree, f_bavail,
/// f_files, f_ffree, f_favail, f_fsid, f_flag, f_namemax (unsigned long each), then int __f_spare[6]: 112 bytes.
/// </summary>
internal static unsafe partial class LibC
{
    internal const int StatvfsSize = 112;
    internal const int StatvfsFrsizeOffset = 8;
    internal const int StatvfsBavailOffset = 32;

    [LibraryImport(Library, EntryPoint = "statvfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int statvfs(string path, byte* buf);
}
