using KioskRuntime.Linux;

namespace KioskRuntime.Printing.Transports;

/// <summary>
/// A character device as a printer link: /dev/usb/lpN (usblp) or a serial port (/dev/ttyUSB0, /dev/ttyS0), opened
/// non-blocking; poll() gives every read and write a timeout, read() returns the printer's status bytes (DLE EOT works through
/// usblp and serial alike). Blocking calls run on the thread pool in slices of at most 200 ms. The syscalls are KioskRuntime.Linux's.
/// </summary>
internal sealed unsafe partial class DeviceFileLink : IPrinterLink
{
    private const int Slice = 200;
    private readonly FileDescriptor _fd;
    private readonly string _path;

    private DeviceFileLink(FileDescriptor fd, string path)
    {
        _fd = fd;
        _path = path;
    }

    /// <summary>Opens a usblp node (or anything that reads and writes like one).</summary>
    public static IPrinterLink Open(string path) => new DeviceFileLink(OpenHandle(path), path);

    private static FileDescriptor OpenHandle(string path)
    {
        try
        {
            return FileDescriptor.Open(path, OpenFlags.ReadWrite | OpenFlags.NonBlocking | OpenFlags.NoControllingTerminal);
        }
        catch (ErrnoException e)
        {
            throw new PrinterLinkException($"open({path}, O_RDWR|O_NONBLOCK|O_NOCTTY) failed: {Describe(e)}", e);
        }
    }

    /// <summary>"errno=2 (ENOENT (2): No such file or directory)": the number first, as operators and tests grep for it.</summary>
    private static string Describe(ErrnoException e) => $"errno={e.Errno} ({Errno.Describe(e.Errno)})";

    /// <summary>LPIOC_GET_DEVICE_ID(len) = _IOC(_IOC_READ, 'P', 1, len): the IEEE-1284 id (drivers/usb/class/usblp.c).</summary>
    public static bool TryReadDeviceId(string path, out Ieee1284DeviceId? id, out string? error)
    {
        id = null;
        error = null;
        FileDescriptor handle;
        try
        {
            handle = FileDescriptor.Open(path, OpenFlags.ReadWrite | OpenFlags.NonBlocking);
        }
        catch (ErrnoException e)
        {
            error = $"open({path}) failed: {Describe(e)}";
            return false;
        }

        using (handle)
        {
            const int length = 1024;
            var buffer = new byte[length];
            fixed (byte* p = buffer)
            {
                if (!handle.TryIoctl(IoctlRequest.IOR('P', 1, length), p, out var errno))
                {
                    error = $"ioctl({path}, LPIOC_GET_DEVICE_ID({length})) failed: errno={errno} ({Errno.Describe(errno)})";
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
    }

    public Task WriteAsync(ReadOnlyMemory<byte> data, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.Run(() => WithFd(() => { Write(data, timeout, cancellationToken); return 0; }), CancellationToken.None);

    public Task<int> ReadAsync(Memory<byte> buffer, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.Run(() => WithFd(() => Read(buffer, timeout, cancellationToken)), CancellationToken.None);

    /// <summary>Keeps the fd alive (not closed by a concurrent Dispose) for the duration of a call; errnos become link errors.</summary>
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
        catch (ErrnoException e)
        {
            throw new PrinterLinkException($"{e.Function}({_path}) failed: {Describe(e)}", e);
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

            if (!Poll(PollEvents.Out, (int)Math.Min(left, Slice)))
            {
                continue;
            }

            if (_fd.TryWrite(data.Span, out var written))
            {
                data = data[written..];
            }
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

            if (!Poll(PollEvents.In, (int)Math.Min(left, Slice)))
            {
                continue;
            }

            if (_fd.TryRead(buffer.Span, out var read) && read > 0)
            {
                return read;
            }

            // EAGAIN, or usblp returning 0 when the printer has nothing to say: wait for the rest of the timeout.
            Thread.Sleep((int)Math.Min(Math.Max(left, 0), 20));
        }
    }

    /// <summary>poll() one fd; true when ready, false on timeout; hang-up and errors throw.</summary>
    private bool Poll(PollEvents events, int timeoutMs)
    {
        var revents = _fd.Poll(events, timeoutMs);
        if ((revents & (PollEvents.Error | PollEvents.HangUp | PollEvents.Invalid)) != 0)
        {
            throw new PrinterLinkException($"{_path}: device gone (poll revents 0x{(short)revents:X})");
        }

        return revents != PollEvents.None;
    }

    public void Dispose() => _fd.Dispose();
}
