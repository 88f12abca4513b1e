using System.Runtime.InteropServices;

namespace KioskRuntime.Scanners.Interop;

/// <summary>
/// Raw libc bindings, named as in C. No policy here: every call sets errno (read it with
/// <see cref="Marshal.GetLastPInvokeError"/> right after a failure); <see cref="DeviceFile"/> adds EINTR retry and errors.
/// Constants are those of the generic Linux ABI shared by x86-64, aarch64 and armhf (the kiosk targets).
/// </summary>
internal static unsafe partial class LibC
{
    private const string Lib = "libc";

    // fcntl.h
    public const int O_RDONLY = 0x0;
    public const int O_RDWR = 0x2;
    public const int O_NOCTTY = 0x100;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;

    // poll.h
    public const short POLLIN = 0x1;
    public const short POLLERR = 0x8;
    public const short POLLHUP = 0x10;
    public const short POLLNVAL = 0x20;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int fd;
        public short events;
        public short revents;
    }

    [LibraryImport(Lib, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string pathname, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint read(int fd, byte* buf, nuint count);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint write(int fd, byte* buf, nuint count);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint nfds, int timeout);

    /// <summary><c>int ioctl(int fd, unsigned long request, void *arg)</c>; the request is pointer-sized on every Linux ABI.</summary>
    [LibraryImport(Lib, SetLastError = true)]
    public static partial int ioctl(int fd, nuint request, void* arg);

    // termios.h: struct termios is treated as opaque bytes; only cfmakeraw/cfsetspeed and c_cflag (offset 8) are touched.
    public const int TCSANOW = 0;
    public const int TermiosSize = 60; // glibc struct termios on x86-64, aarch64 and armhf
    public const int TermiosCflagOffset = 8;
    public const uint CREAD = 0x80;
    public const uint CLOCAL = 0x800;

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int tcgetattr(int fd, byte* termios);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int tcsetattr(int fd, int optionalActions, byte* termios);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial void cfmakeraw(byte* termios);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int cfsetspeed(byte* termios, uint speed);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int tcflush(int fd, int queueSelector);

    // stdlib.h
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial byte* realpath(string path, byte* resolved);

    // stdlib.h pseudo-terminals (used to stand in for a serial port in tests and by kioskctl diagnostics)
    [LibraryImport(Lib, SetLastError = true)]
    public static partial int posix_openpt(int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int grantpt(int fd);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int unlockpt(int fd);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int ptsname_r(int fd, byte* buf, nuint buflen);
}
