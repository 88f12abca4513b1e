using System.Runtime.InteropServices;

namespace KioskRuntime.Linux.Interop;

/// <summary>
/// termios.h. glibc's struct termios is the same on x86-64 and arm64 (sysdeps/unix/sysv/linux/bits/termios-struct.h):
/// tcflag_t c_iflag, c_oflag, c_cflag, c_lflag (4 × u32), cc_t c_line, cc_t c_cc[NCCS = 32], 3 bytes padding,
/// speed_t c_ispeed, c_ospeed: 60 bytes. The flag and speed constants come from asm-generic/termbits.h, which both use
/// (x86 and arm64 have no termbits.h of their own). armhf and other ABIs are not supported by this layer.
/// The struct is handled as bytes: only c_lflag/c_cflag are read or set here; cfmakeraw and cfsetspeed do the rest.
/// </summary>
internal static unsafe partial class LibC
{
    internal const int TermiosSize = 60;
    internal const int TermiosIflagOffset = 0;
    internal const int TermiosOflagOffset = 4;
    internal const int TermiosCflagOffset = 8;
    internal const int TermiosLflagOffset = 12;

    internal const int TCSANOW = 0;
    internal const int TCIOFLUSH = 2;

    // c_cflag
    internal const uint CSIZE = 0x30;
    internal const uint CS8 = 0x30;
    internal const uint CSTOPB = 0x40;
    internal const uint CREAD = 0x80;
    internal const uint PARENB = 0x100;
    internal const uint CLOCAL = 0x800;
    internal const uint CRTSCTS = 0x80000000;

    // c_lflag
    internal const uint ISIG = 0x1;
    internal const uint ICANON = 0x2;
    internal const uint ECHO = 0x8;
    internal const uint IEXTEN = 0x8000;

    // speed_t (asm-generic/termbits.h)
    internal const uint B1200 = 0x9;
    internal const uint B2400 = 0xB;
    internal const uint B4800 = 0xC;
    internal const uint B9600 = 0xD;
    internal const uint B19200 = 0xE;
    internal const uint B38400 = 0xF;
    internal const uint B57600 = 0x1001;
    internal const uint B115200 = 0x1002;
    internal const uint B230400 = 0x1003;
    internal const uint B460800 = 0x1004;
    internal const uint B921600 = 0x1007;

    [LibraryImport(Library, EntryPoint = "tcgetattr", SetLastError = true)]
    internal static partial int tcgetattr(int fd, byte* termios_p);

    [LibraryImport(Library, EntryPoint = "tcsetattr", SetLastError = true)]
    internal static partial int tcsetattr(int fd, int optional_actions, byte* termios_p);

    [LibraryImport(Library, EntryPoint = "cfmakeraw")]
    internal static partial void cfmakeraw(byte* termios_p);

    [LibraryImport(Library, EntryPoint = "cfsetspeed", SetLastError = true)]
    internal static partial int cfsetspeed(byte* termios_p, uint speed);

    [LibraryImport(Library, EntryPoint = "cfgetispeed")]
    internal static partial uint cfgetispeed(byte* termios_p);

    [LibraryImport(Library, EntryPoint = "cfgetospeed")]
    internal static partial uint cfgetospeed(byte* termios_p);

    [LibraryImport(Library, EntryPoint = "tcflush", SetLastError = true)]
    internal static partial int tcflush(int fd, int queue_selector);
}
