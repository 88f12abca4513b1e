using System.Runtime.InteropServices;
using KioskRuntime.Printing.Interop;

namespace KioskRuntime.Printing.Transports;

/// <summary>
/// A character device as a printer link: /dev/usb/lpN (usblp) or a serial port (/dev/ttyUSB0, /dev/ttyS0), opened
/// non-blocking; poll() gives every read and write a timeout, read() returns the printer's status bytes (DLE EOT works through
/// usblp and serial alike). Blocking calls run on the thread pool in slices of at most 200 ms.
/// </summary>
internal sealed unsafe partial class DeviceFileLink : IPrinterLink
{
    private const int Slice = 200;
    private readonly FileDescriptorHandle _fd;
    private readonly string _path;

    private DeviceFileLink(FileDescriptorHandle fd, string path)
    {
        _fd = fd;
        _path = path;
    }

    /// <summary>Opens a usblp node (or anything that reads and writes like one).</summary>
    public static IPrinterLink Open(string path) => new DeviceFileLink(OpenHandle(path), path);

    private static FileDescriptorHandle OpenHandle(string path)
    {
        var fd = LibC.open(path, LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC | LibC.O_NOCTTY);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new PrinterLinkException($"open({path}, O_RDWR|O_NONBLOCK|O_NOCTTY) failed: errno={errno} ({Marshal.GetPInvokeErrorMessage(errno)})");
        }

        return new FileDescriptorHandle(fd);
    }

    /// <summary>LPIOC_GET_DEVICE_ID(len) = _IOC(_IOC_READ, 'P', 1, len): the IEEE-1284 id (drivers/usb/class/usblp.c).</summary>
    public static bool TryReadDeviceId(string path, out Ieee1284DeviceId? id, out string? error)
    {
        id = null;
        error = null;
        var fd = LibC.open(path, LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            error = $"open({path}) failed: errno={errno} ({Marshal.GetPInvokeErrorMessage(errno)})";
            return false;
        }

        using var handle = new FileDescriptorHandle(fd);
        const int length = 1024;
        var buffer = new byte[length];
        var request = (nuint)((2u << 30) | ((uint)length << 16) | ((uint)'P' << 8) | 1u);
        fixed (byte* p = buffer)
        {
            if (LibC.ioctl(fd, request, p) < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                error = $"ioctl({path}, LPIOC_GET_DEVICE_ID({length})) failed: errno={errno} ({Marshal.GetPInvokeErrorMessage(errno)})";
                return false;
            }
        }

        if (!Ieee1284DeviceId.TryParseIoctlBuffer(buffer, out id))
        {
            error = $"LPIOC_GET_DEVICE_ID on {path} returned a bad length";
            return false;
        }

        return true;
    }

    public Task WriteAsync(ReadOnlyMemory<byte> data, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.Run(() => WithFd(() => { Write(data, timeout, cancellationToken); return 0; }), CancellationToken.None);

    public Task<int> ReadAsync(Memory<byte> buffer, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.Run(() => WithFd(() => Read(buffer, timeout, cancellationToken)), CancellationToken.None);

    /// <summary>Keeps the fd alive (not closed by a concurrent Dispose) for the duration of a call.</summary>
    private T WithFd<T>(Func<T> call)
    {
        var added = false;
        try
        {
            _fd.DangerousAddRef(ref added);
            return call();
        }
        catch (ObjectDisposedException e)
        {
            throw new PrinterLinkException($"{_path} was closed", e);
        }
        finally
        {
            if (added)
            {
                _fd.DangerousRelease();
            }
        }
    }

    private void Write(ReadOnlyMemory<byte> data, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (!data.IsEmpty)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var left = deadline - Environment.TickCount64;
            if (left <= 0)
            {
                throw new PrinterLinkException($"write to {_path} timed out after {timeout.TotalSeconds:0.#} s with {data.Length} bytes unsent");
            }

            if (!Poll(LibC.POLLOUT, (int)Math.Min(left, Slice)))
            {
                continue;
            }

            nint written;
            fixed (byte* p = data.Span)
            {
                written = LibC.write(_fd.Fd, p, (nuint)data.Length);
            }

            if (written < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno is LibC.EINTR or LibC.EAGAIN)
                {
                    continue;
                }

                throw new PrinterLinkException($"write({_path}, {data.Length}) failed: errno={errno} ({Marshal.GetPInvokeErrorMessage(errno)})");
            }

            data = data[(int)written..];
        }
    }

    private int Read(Memory<byte> buffer, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Environment.TickCount64 + (long)Math.Max(1, timeout.TotalMilliseconds);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var left = deadline - Environment.TickCount64;
            if (left <= 0)
            {
                return 0;
            }

            if (!Poll(LibC.POLLIN, (int)Math.Min(left, Slice)))
            {
                continue;
            }

            nint read;
            fixed (byte* p = buffer.Span)
            {
                read = LibC.read(_fd.Fd, p, (nuint)buffer.Length);
            }

            if (read > 0)
            {
                return (int)read;
            }

            var errno = read < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (read == 0 || errno is LibC.EINTR or LibC.EAGAIN)
            {
                // usblp returns 0 when the printer has nothing to say; wait for the rest of the timeout.
                Thread.Sleep((int)Math.Min(Math.Max(left, 0), 20));
                continue;
            }

            throw new PrinterLinkException($"read({_path}) failed: errno={errno} ({Marshal.GetPInvokeErrorMessage(errno)})");
        }
    }

    /// <summary>poll() one fd; true when ready, false on timeout; hang-up and errors throw.</summary>
    private bool Poll(short events, int timeoutMs)
    {
        var fds = new LibC.PollFd { Fd = _fd.Fd, Events = events };
        var result = LibC.poll(&fds, 1, timeoutMs);
        if (result < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == LibC.EINTR ? false : throw new PrinterLinkException($"poll({_path}) failed: errno={errno}");
        }

        if ((fds.Revents & (LibC.POLLERR | LibC.POLLHUP | LibC.POLLNVAL)) != 0)
        {
            throw new PrinterLinkException($"{_path}: device gone (poll revents 0x{fds.Revents:X})");
        }

        return result > 0;
    }

    public void Dispose() => _fd.Dispose();
}
