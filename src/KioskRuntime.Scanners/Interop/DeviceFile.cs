using KioskRuntime.Linux;

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
/// An open device node (hidraw, evdev, tty, or a FIFO/pty standing in for one), over one <see cref="FileDescriptor"/> of the
/// Linux layer: EINTR is retried there, EAGAIN comes back as a value, every other errno is an <see cref="ErrnoException"/> naming
/// the call. Not thread-safe for concurrent reads; a write may run concurrently with a read (the kernel serialises them).
/// </summary>
internal sealed unsafe partial class DeviceFile : IDisposable
{
    private readonly FileDescriptor _fd;

    private DeviceFile(FileDescriptor fd, string path)
    {
        _fd = fd;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Opens <paramref name="path"/> with <c>O_RDWR|O_NONBLOCK|O_CLOEXEC|O_NOCTTY</c> (read-only if asked).</summary>
    public static DeviceFile Open(string path, bool readOnly = false)
    {
        var flags = (readOnly ? OpenFlags.ReadOnly : OpenFlags.ReadWrite) | OpenFlags.NonBlocking | OpenFlags.NoControllingTerminal;
        return new DeviceFile(FileDescriptor.Open(path, flags), path);
    }

    internal static DeviceFile FromHandle(FileDescriptor fd, string path) => new(fd, path);

    /// <summary>Waits up to <paramref name="timeoutMs"/> for input.</summary>
    public PollOutcome Poll(int timeoutMs)
    {
        var revents = _fd.Poll(PollEvents.In, timeoutMs);
        if ((revents & PollEvents.In) != 0)
        {
            return PollOutcome.Readable;
        }

        return (revents & (PollEvents.HangUp | PollEvents.Error | PollEvents.Invalid)) != 0 ? PollOutcome.HangUp : PollOutcome.Timeout;
    }

    /// <summary>Reads once. Returns the byte count, 0 at end of file, or -1 when nothing is available (EAGAIN).</summary>
    public int Read(Span<byte> buffer) => _fd.TryRead(buffer, out var count) ? count : -1;

    /// <summary>Writes all of <paramref name="data"/> (one output report for hidraw). Returns false if the device would block.</summary>
    public bool Write(ReadOnlySpan<byte> data)
    {
        var done = 0;
        while (done < data.Length)
        {
            if (!_fd.TryWrite(data[done..], out var count))
            {
                return false;
            }

            done += count;
        }

        return true;
    }

    /// <summary>
    /// True when the node this descriptor was opened from has been removed (the kernel shows the fd's link as "… (deleted)").
    /// A real device reports ENODEV on read first; FIFOs in tests only show it this way.
    /// </summary>
    public bool IsUnlinked()
    {
        var added = false;
        try
        {
            _fd.DangerousAddRef(ref added);
            string? target = new FileInfo($"/proc/self/fd/{(int)_fd.DangerousGetHandle()}").LinkTarget;
            return target is null || target.EndsWith(" (deleted)", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        finally
        {
            if (added)
            {
                _fd.DangerousRelease();
            }
        }
    }

    public void Dispose() => _fd.Dispose();
}
