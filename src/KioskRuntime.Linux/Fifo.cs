using System.Globalization;
using System.Runtime.InteropServices;
using KioskRuntime.Linux.Interop;

namespace KioskRuntime.Linux;

/// <summary>Named pipes (the simulated line devices are FIFOs). Thread safety: stateless.</summary>
public static class Fifo
{
    /// <summary>mkfifo(3); false when <paramref name="path"/> already exists (EEXIST), which callers reuse.</summary>
    public static bool Create(string path, uint mode)
    {
        while (LibC.mkfifo(path, mode) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == LibC.EEXIST)
            {
                return false;
            }

            if (errno != LibC.EINTR)
            {
                throw new ErrnoException("mkfifo", $"\"{path}\", 0{Convert.ToString(mode, 8)}", errno);
            }
        }

        return true;
    }

    /// <summary>
    /// Writes one newline into the FIFO if somebody has it open for reading, without ever blocking: an O_WRONLY open of a FIFO
    /// without a reader blocks until one comes, with O_NONBLOCK it fails with ENXIO instead. False when there is no reader
    /// (ENXIO), the FIFO is gone (ENOENT) or its buffer is full (EAGAIN).
    /// </summary>
    public static bool TryWakeReader(string path)
    {
        int fd;
        while ((fd = LibC.open(path, LibC.O_WRONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0)) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is LibC.ENXIO or LibC.ENOENT)
            {
                return false;
            }

            if (errno != LibC.EINTR)
            {
                throw new ErrnoException("open", string.Create(CultureInfo.InvariantCulture, $"\"{path}\", O_WRONLY|O_NONBLOCK"), errno);
            }
        }

        using var writer = new FileDescriptor(fd, path);
        return writer.TryWrite("\n"u8, out var written) && written == 1;
    }
}
