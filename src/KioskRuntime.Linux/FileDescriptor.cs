using System.Globalization;
using System.Runtime.InteropServices;
using KioskRuntime.Linux.Interop;

namespace KioskRuntime.Linux;

/// <summary>
/// One file descriptor, closed exactly once. Every call on it runs inside <see cref="SafeHandle.DangerousAddRef"/> /
/// <see cref="SafeHandle.DangerousRelease"/>, so a concurrent <see cref="SafeHandle.Dispose()"/> cannot close (and the kernel
/// reuse) the number while a syscall uses it. fd 0 is a valid descriptor; -1 is the invalid value.
/// Errors: EINTR is retried here; EAGAIN is a return value (<c>Try…</c> methods); every other errno is an <see cref="ErrnoException"/>
/// naming the call, the fd and <see cref="Path"/>. Thread safety: calls may run concurrently (the kernel serialises them);
/// the type holds no state besides the handle.
/// </summary>
public sealed partial class FileDescriptor : SafeHandle
{
    private const uint DefaultMode = 0x1A4; // 0644, before the umask

    /// <summary>Takes ownership of <paramref name="fd"/> (closed on dispose); <paramref name="path"/> names it in errors.</summary>
    public FileDescriptor(int fd, string path)
        : base(new IntPtr(-1), ownsHandle: true)
    {
        Path = path;
        SetHandle(new IntPtr(fd));
    }

    /// <summary>The path it was opened from, for messages (not re-resolved).</summary>
    public string Path { get; }

    /// <inheritdoc />
    public override bool IsInvalid => handle == new IntPtr(-1);

    /// <summary>open(2) with O_CLOEXEC added; <paramref name="mode"/> (0644 unless given) applies with <see cref="OpenFlags.Create"/>.</summary>
    public static FileDescriptor Open(string path, OpenFlags flags, uint mode = DefaultMode)
    {
        var raw = (int)flags | LibC.O_CLOEXEC;
        return new FileDescriptor(OpenRaw(path, raw, mode, flags.ToString()), path);
    }

    /// <summary>A directory, read-only with O_DIRECTORY (ENOTDIR if it is not one): for fsync of its entries.</summary>
    public static FileDescriptor OpenDirectory(string path) =>
        new(OpenRaw(path, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0, "O_RDONLY|O_DIRECTORY"), path);

    internal static int OpenRaw(string path, int flags, uint mode, string flagText)
    {
        while (true)
        {
            var fd = LibC.open(path, flags, mode);
            if (fd >= 0)
            {
                return fd;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != LibC.EINTR)
            {
                throw new ErrnoException("open", $"\"{path}\", {flagText}", errno);
            }
        }
    }

    /// <summary>
    /// The descriptor number for a raw call. Only valid while the caller holds a reference (<see cref="SafeHandle.DangerousAddRef"/>).
    /// </summary>
    internal int Fd => (int)handle;

    /// <summary>close(2). Not retried on EINTR: on Linux the descriptor is released even then, and a retry could close a reused number.</summary>
    protected override bool ReleaseHandle() => LibC.close((int)handle) == 0;

    internal ErrnoException Error(string function, int errno, string? more = null) =>
        new(function, string.Create(CultureInfo.InvariantCulture, $"fd {(int)handle}, \"{Path}\"{(more is null ? "" : ", " + more)}"), errno);

    /// <summary>Runs <paramref name="syscall"/> with a reference held, retrying EINTR; throws for any failure (result &lt; 0).</summary>
    internal void Checked(string function, Func<int, int> syscall, string? more = null)
    {
        var added = false;
        DangerousAddRef(ref added);
        try
        {
            while (syscall((int)handle) < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno != LibC.EINTR)
                {
                    throw Error(function, errno, more);
                }
            }
        }
        finally
        {
            if (added)
            {
                DangerousRelease();
            }
        }
    }
}
