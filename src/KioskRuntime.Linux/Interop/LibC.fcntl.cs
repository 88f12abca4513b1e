using System.Runtime.InteropServices;

namespace KioskRuntime.Linux.Interop;

/// <summary>fcntl.h. Flag values of asm-generic/fcntl.h, which x86-64 and arm64 both use.</summary>
internal static partial class LibC
{
    internal const int O_RDONLY = 0x0;
    internal const int O_WRONLY = 0x1;
    internal const int O_RDWR = 0x2;
    internal const int O_CREAT = 0x40;
    internal const int O_NOCTTY = 0x100;
    internal const int O_TRUNC = 0x200;
    internal const int O_NONBLOCK = 0x800;
    internal const int O_CLOEXEC = 0x80000;

    /// <summary>
    /// O_DIRECTORY differs by architecture: 0x10000 (0200000) in asm-generic/fcntl.h, used by x86-64; 0x4000 (040000) in
    /// arch/arm64/include/uapi/asm/fcntl.h. The same IL runs on both (no RID at build time), so it is chosen once at start.
    /// </summary>
    internal static readonly int O_DIRECTORY = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.Arm64 => 0x4000,
        Architecture.X64 => 0x10000,
        var other => throw new PlatformNotSupportedException($"KioskRuntime.Linux supports linux-x64 and linux-arm64, not {other}."),
    };

    /// <summary><c>int open(const char *pathname, int flags, mode_t mode)</c>.</summary>
    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string pathname, int flags, uint mode);
}
