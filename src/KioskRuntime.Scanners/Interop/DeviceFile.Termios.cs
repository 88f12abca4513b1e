using KioskRuntime.Linux;

namespace KioskRuntime.Scanners.Interop;

/// <summary>Serial line settings: raw mode 8N1 at a given baud rate, through the Linux layer's one baud table.</summary>
internal sealed partial class DeviceFile
{
    /// <summary>Sets raw mode and the baud rate. Returns false with the errno if the line cannot be set (ENOTTY on a FIFO).</summary>
    public bool TryConfigureSerial(int baud, out int errno)
    {
        try
        {
            Termios.MakeRaw(_fd, baud);
            errno = 0;
            return true;
        }
        catch (ErrnoException e)
        {
            errno = e.Errno;
            return false;
        }
    }

    /// <summary>The termios speed_t constant for a baud rate; <see cref="ArgumentOutOfRangeException"/> if it is not supported.</summary>
    internal static uint BaudConstant(int baud) => Termios.SpeedOf(baud);
}
