using System.Runtime.InteropServices;

namespace KioskRuntime.Linux.Interop;

/// <summary>sys/ioctl.h. The request is <c>unsigned long</c>: pointer-sized on every 64-bit Linux ABI.</summary>
internal static unsafe partial class LibC
{
    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int ioctl(int fd, nuint request, void* arg);
}
