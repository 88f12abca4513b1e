using System.Runtime.InteropServices;

namespace KioskRuntime.Scanners.Interop;

/// <summary>What a <see cref="DeviceFile.Poll"/> saw.</summary>
internal enum PollOutcome
{
    Timeout,
    Readable,
    /// <summary>POLLHUP/POLLERR/POLLNVAL without data: the device or the writer is gone.</summary>
    HangUp,
}

/// <summary>
/// An open device node (hidraw, evdev, tty, or a FIFO/pty standing in for one). Wraps the raw calls with the Tmds discipline:
/// EINTR retried here, EAGAIN returned as a value, every other errno raised as <see cref="DeviceIOException"/> naming the call.
/// Not thread-safe for concurrent reads; a write may run concurrently with a read (the kernel serialises them).
/// </summary>
internal sealed unsafe partial class DeviceFile : IDisposable
{
    private readonly FileDescriptorHandle _handle;

    private DeviceFile(FileDescriptorHandle handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Opens <paramref name="path"/> with <c>O_RDWR|O_NONBLOCK|O_CLOEXEC|O_NOCTTY</c> (read-only if asked).</summary>
    public static DeviceFile Open(string path, bool readOnly = false)
    {
        int flags = (readOnly ? LibC.O_RDONLY : LibC.O_RDWR) | LibC.O_NONBLOCK | LibC.O_CLOEXEC | LibC.O_NOCTTY;
        while (true)
        {
            int fd = LibC.open(path, flags);
            if (fd >= 0)
            {
                return new DeviceFile(new FileDescriptorHandle(fd), path);
            }

            int errno = Marshal.GetLastPInvokeError();
            if (errno != Errno.EINTR)
            {
                throw new DeviceIOException($"open({path}, 0x{flags:x})", errno);
            }
        }
    }

    internal static DeviceFile FromHandle(FileDescriptorHandle handle, string path) => new(handle, path);

    /// <summary>Waits up to <paramref name="timeoutMs"/> for input.</summary>
    public PollOutcome Poll(int timeoutMs)
    {
        bool added = false;
        _handle.DangerousAddRef(ref added);
        try
        {
            var pfd = new LibC.PollFd { fd = Fd, events = LibC.POLLIN };
            while (true)
            {
                int rc = LibC.poll(&pfd, 1, timeoutMs);
                if (rc > 0)
                {
                    if ((pfd.revents & LibC.POLLIN) != 0)
                    {
                        return PollOutcome.Readable;
                    }

                    return (pfd.revents & (LibC.POLLHUP | LibC.POLLERR | LibC.POLLNVAL)) != 0 ? PollOutcome.HangUp : PollOutcome.Timeout;
                }

                if (rc == 0)
                {
                    return PollOutcome.Timeout;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.EINTR)
                {
                    throw new DeviceIOException($"poll({Path}, POLLIN, {timeoutMs})", errno);
                }
            }
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    /// <summary>Reads once. Returns the byte count, 0 at end of file, or -1 when nothing is available (EAGAIN).</summary>
    public int Read(Span<byte> buffer)
    {
        bool added = false;
        _handle.DangerousAddRef(ref added);
        try
        {
            fixed (byte* p = buffer)
            {
                while (true)
                {
                    nint n = LibC.read(Fd, p, (nuint)buffer.Length);
                    if (n >= 0)
                    {
                        return (int)n;
                    }

                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == Errno.EAGAIN)
                    {
                        return -1;
                    }

                    if (errno != Errno.EINTR)
                    {
                        throw new DeviceIOException($"read({Path}, {buffer.Length})", errno);
                    }
                }
            }
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    /// <summary>Writes all of <paramref name="data"/> (one output report for hidraw). Returns false if the device would block.</summary>
    public bool Write(ReadOnlySpan<byte> data)
    {
        bool added = false;
        _handle.DangerousAddRef(ref added);
        try
        {
            fixed (byte* p = data)
            {
                int done = 0;
                while (done < data.Length)
                {
                    nint n = LibC.write(Fd, p + done, (nuint)(data.Length - done));
                    if (n >= 0)
                    {
                        done += (int)n;
                        continue;
                    }

                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == Errno.EAGAIN)
                    {
                        return false;
                    }

                    if (errno != Errno.EINTR)
                    {
                        throw new DeviceIOException($"write({Path}, {data.Length})", errno);
                    }
                }

                return true;
            }
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// True when the node this descriptor was opened from has been removed (the kernel shows the fd's link as "… (deleted)").
    /// A real device reports ENODEV on read first; FIFOs in tests only show it this way.
    /// </summary>
    public bool IsUnlinked()
    {
        try
        {
            string? target = new FileInfo($"/proc/self/fd/{Fd}").LinkTarget;
            return target is null || target.EndsWith(" (deleted)", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose() => _handle.Dispose();

    internal int Fd => (int)_handle.DangerousGetHandle();
}
