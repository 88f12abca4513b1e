using System.Runtime.InteropServices;
using KioskRuntime.Printing.Interop;

namespace KioskRuntime.Printing.Transports;

internal sealed unsafe partial class DeviceFileLink
{
    // glibc struct termios (x86-64, arm64, armhf alike): c_iflag, c_oflag, c_cflag, c_lflag (4 × u32), c_line, c_cc[32],
    // c_ispeed, c_ospeed = 60 bytes. Only c_cflag is touched directly; cfmakeraw/cfsetspeed do the rest.
    private const int TermiosSize = 60;
    private const int CflagOffset = 8;
    private const uint CREAD = 0x80;
    private const uint CLOCAL = 0x800;
    private const uint CSTOPB = 0x40;
    private const uint CRTSCTS = 0x80000000;
    private const int TCSANOW = 0;
    private const int TCIOFLUSH = 2;

    /// <summary>Opens a serial port raw 8N1 at <paramref name="baudRate"/>, optionally with RTS/CTS flow control.</summary>
    public static IPrinterLink OpenSerial(string path, int baudRate, bool rtsCts)
    {
        var speed = baudRate switch
        {
            // asm-generic/termbits.h
            9600 => 0x0Du,
            19200 => 0x0Eu,
            38400 => 0x0Fu,
            57600 => 0x1001u,
            115200 => 0x1002u,
            _ => throw new ArgumentOutOfRangeException(nameof(baudRate), baudRate, "Supported: 9600, 19200, 38400, 57600, 115200."),
        };
        var handle = OpenHandle(path);
        try
        {
            var fd = handle.Fd;
            // Twice the glibc size: room to spare should a libc add fields at the end.
            byte* termios = stackalloc byte[TermiosSize * 2];
            new Span<byte>(termios, TermiosSize * 2).Clear();
            Check(LibC.tcgetattr(fd, termios), "tcgetattr", path);
            LibC.cfmakeraw(termios);
            Check(LibC.cfsetspeed(termios, speed), $"cfsetspeed({baudRate})", path);
            ref var cflag = ref *(uint*)(termios + CflagOffset);
            cflag |= CREAD | CLOCAL;
            cflag &= ~CSTOPB;
            cflag = rtsCts ? cflag | CRTSCTS : cflag & ~CRTSCTS;
            Check(LibC.tcsetattr(fd, TCSANOW, termios), "tcsetattr(TCSANOW)", path);
            // Whatever the printer said before we opened it is stale.
            Check(LibC.tcflush(fd, TCIOFLUSH), "tcflush(TCIOFLUSH)", path);
            return new DeviceFileLink(handle, path);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static void Check(int result, string call, string path)
    {
        if (result < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new PrinterLinkException($"{call} on {path} failed: errno={errno} ({Marshal.GetPInvokeErrorMessage(errno)})");
        }
    }
}
