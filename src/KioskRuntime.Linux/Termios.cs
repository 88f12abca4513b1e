using System.Globalization;
using KioskRuntime.Linux.Interop;

namespace KioskRuntime.Linux;

/// <summary>
/// Serial line settings through termios: raw mode 8N1 at one of <see cref="SupportedBaudRates"/>. The one baud table of the
/// runtime (serial scanners and serial receipt printers both use it). Struct layout and constants: <c>Interop/LibC.termios.cs</c>.
/// Thread safety: stateless; do not configure one line from two threads at once.
/// </summary>
public static unsafe class Termios
{
    // Room beyond glibc's 60 bytes, should a libc ever write more than its own struct.
    private const int Buffer = 256;

    /// <summary>The baud rates this layer sets (asm-generic/termbits.h B1200 … B921600).</summary>
    public static IReadOnlyList<int> SupportedBaudRates { get; } = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600];

    /// <summary>The speed_t constant for <paramref name="baud"/>; <see cref="ArgumentOutOfRangeException"/> for one not in the table.</summary>
    public static uint SpeedOf(int baud) => baud switch
    {
        1200 => LibC.B1200,
        2400 => LibC.B2400,
        4800 => LibC.B4800,
        9600 => LibC.B9600,
        19200 => LibC.B19200,
        38400 => LibC.B38400,
        57600 => LibC.B57600,
        115200 => LibC.B115200,
        230400 => LibC.B230400,
        460800 => LibC.B460800,
        921600 => LibC.B921600,
        _ => throw new ArgumentOutOfRangeException(nameof(baud), baud, "Unsupported baud rate; supported: " + string.Join(", ", SupportedBaudRates) + "."),
    };

    /// <summary>The baud rate of a speed_t constant, or null if it is not in the table.</summary>
    public static int? BaudOf(uint speed)
    {
        foreach (var baud in SupportedBaudRates)
        {
            if (SpeedOf(baud) == speed)
            {
                return baud;
            }
        }

        return null;
    }

    /// <summary>
    /// tcgetattr, cfmakeraw (no echo, no line editing, no signals, 8 bits, no parity), one stop bit, CREAD|CLOCAL, cfsetspeed,
    /// tcsetattr(TCSANOW). RTS/CTS flow control on or off, or left as it was when <paramref name="rtsCts"/> is null.
    /// ENOTTY (the fd is a FIFO or a file) is an <see cref="ErrnoException"/> like any other errno: callers that accept a non-tty catch it.
    /// </summary>
    public static void MakeRaw(FileDescriptor line, int baud, bool? rtsCts = null)
    {
        ArgumentNullException.ThrowIfNull(line);
        var speed = SpeedOf(baud);
        byte* termios = stackalloc byte[Buffer];
        new Span<byte>(termios, Buffer).Clear();
        line.Checked("tcgetattr", fd => LibC.tcgetattr(fd, termios));
        LibC.cfmakeraw(termios);
        line.Checked("cfsetspeed", _ => LibC.cfsetspeed(termios, speed), baud.ToString(CultureInfo.InvariantCulture));
        ref var cflag = ref *(uint*)(termios + LibC.TermiosCflagOffset);
        cflag |= LibC.CREAD | LibC.CLOCAL;
        cflag &= ~LibC.CSTOPB;
        if (rtsCts is bool flow)
        {
            cflag = flow ? cflag | LibC.CRTSCTS : cflag & ~LibC.CRTSCTS;
        }

        line.Checked("tcsetattr", fd => LibC.tcsetattr(fd, LibC.TCSANOW, termios), "TCSANOW");
    }

    /// <summary>tcflush(TCIOFLUSH): drops whatever was received and not read, and written and not sent.</summary>
    public static void DiscardQueues(FileDescriptor line)
    {
        ArgumentNullException.ThrowIfNull(line);
        line.Checked("tcflush", static fd => LibC.tcflush(fd, LibC.TCIOFLUSH), "TCIOFLUSH");
    }

    /// <summary>tcgetattr, read back: what the kernel holds for the line now.</summary>
    internal static TermiosSettings Read(FileDescriptor line)
    {
        byte* termios = stackalloc byte[Buffer];
        new Span<byte>(termios, Buffer).Clear();
        line.Checked("tcgetattr", fd => LibC.tcgetattr(fd, termios));
        return new TermiosSettings(
            *(uint*)(termios + LibC.TermiosIflagOffset),
            *(uint*)(termios + LibC.TermiosOflagOffset),
            *(uint*)(termios + LibC.TermiosCflagOffset),
            *(uint*)(termios + LibC.TermiosLflagOffset),
            LibC.cfgetispeed(termios),
            LibC.cfgetospeed(termios));
    }
}

/// <summary>The flags and speeds of a struct termios as read back.</summary>
internal readonly record struct TermiosSettings(uint Iflag, uint Oflag, uint Cflag, uint Lflag, uint InputSpeed, uint OutputSpeed);
