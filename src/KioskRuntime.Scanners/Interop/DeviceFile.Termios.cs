using System.Runtime.InteropServices;

namespace KioskRuntime.Scanners.Interop;

/// <summary>Serial line settings: raw mode (no echo, no line editing, 8N1) at a given baud rate.</summary>
internal sealed unsafe partial class DeviceFile
{
    /// <summary>Sets raw mode and the baud rate. Returns false with the errno if the node is not a tty (ENOTTY on a FIFO).</summary>
    public bool TryConfigureSerial(int baud, out int errno)
    {
        uint speed = BaudConstant(baud);
        byte* termios = stackalloc byte[256]; // larger than any libc's struct termios
        new Span<byte>(termios, 256).Clear();
        bool added = false;
        _handle.DangerousAddRef(ref added);
        try
        {
            int rc;
            do
            {
                rc = LibC.tcgetattr(Fd, termios);
                errno = rc == 0 ? 0 : Marshal.GetLastPInvokeError();
            }
            while (errno == Errno.EINTR);

            if (rc != 0)
            {
                return false;
            }

            LibC.cfmakeraw(termios);
            if (LibC.cfsetspeed(termios, speed) != 0)
            {
                errno = Marshal.GetLastPInvokeError();
                return false;
            }

            *(uint*)(termios + LibC.TermiosCflagOffset) |= LibC.CREAD | LibC.CLOCAL;
            do
            {
                rc = LibC.tcsetattr(Fd, LibC.TCSANOW, termios);
                errno = rc == 0 ? 0 : Marshal.GetLastPInvokeError();
            }
            while (errno == Errno.EINTR);

            return rc == 0;
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    /// <summary>The termios speed_t constant for a baud rate (asm-generic/termbits.h).</summary>
    internal static uint BaudConstant(int baud) => baud switch
    {
        1200 => 0x9,
        2400 => 0xB,
        4800 => 0xC,
        9600 => 0xD,
        19200 => 0xE,
        38400 => 0xF,
        57600 => 0x1001,
        115200 => 0x1002,
        230400 => 0x1003,
        460800 => 0x1004,
        921600 => 0x1007,
        _ => throw new ArgumentOutOfRangeException(nameof(baud), baud, "Unsupported baud rate."),
    };
}
