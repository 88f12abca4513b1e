using System.Runtime.InteropServices;
using System.Text;
using KioskRuntime.Journal.Native;
using Microsoft.Win32.SafeHandles;

namespace KioskRuntime.Journal.Storage;

/// <summary>The production file layer: libc through <see cref="LibC"/>, every return checked, EINTR retried here and nowhere else.</summary>
internal sealed class LibcFileSystem : IJournalFileSystem
{
    public LibcFileSystem() => LibCResolver.EnsureInstalled();

    public IJournalFile Open(string path, JournalFileMode mode)
    {
        var flags = LibC.O_CLOEXEC | mode switch
        {
            JournalFileMode.ReadOnly => LibC.O_RDONLY,
            JournalFileMode.ReadWrite => LibC.O_RDWR,
            _ => LibC.O_RDWR | LibC.O_CREAT,
        };
        return new LibcFile(path, OpenFd(path, flags));
    }

    public bool Exists(string path) => File.Exists(path);

    public long LogPreallocationBytes => 1024 * 1024;

    public void Rename(string from, string to)
    {
        try
        {
            File.Move(from, to, overwrite: true);
        }
        catch (IOException e)
        {
            throw new JournalIoException("rename", $"{from} -> {to}", e.HResult & 0xFFFF, e.Message);
        }
    }

    public void SyncDirectory(string directory)
    {
        using var dir = new FdHandle(OpenFd(directory, LibC.O_RDONLY | LibC.O_CLOEXEC));
        Retry("fsync", directory, () => LibC.fsync(dir.Fd));
    }

    public unsafe long AvailableBytes(string directory)
    {
        var buf = stackalloc byte[256];
        int rc;
        do
        {
            rc = LibC.statvfs(directory, buf);
        }
        while (rc < 0 && Marshal.GetLastPInvokeError() == LibC.EINTR);

        if (rc < 0)
        {
            throw Error("statvfs", directory, Marshal.GetLastPInvokeError());
        }

        var frsize = *(ulong*)(buf + 8);
        var bavail = *(ulong*)(buf + 32);
        return (long)Math.Min((ulong)long.MaxValue, frsize * bavail);
    }

    public IDisposable? TryLock(string path, bool exclusive, string contents)
    {
        var handle = new FdHandle(OpenFd(path, LibC.O_RDWR | LibC.O_CREAT | LibC.O_CLOEXEC));
        int rc;
        do
        {
            rc = LibC.flock(handle.Fd, (exclusive ? LibC.LOCK_EX : LibC.LOCK_SH) | LibC.LOCK_NB);
        }
        while (rc < 0 && Marshal.GetLastPInvokeError() == LibC.EINTR);

        if (rc < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            return errno == LibC.EAGAIN ? null : throw Error("flock", path, errno);
        }

        if (exclusive)
        {
            var file = new LibcFile(path, handle);
            file.SetLength(0);
            file.Write(0, Encoding.UTF8.GetBytes(contents));
            return file;
        }

        return handle;
    }

    internal static int OpenFd(string path, int flags)
    {
        while (true)
        {
            var fd = LibC.open(path, flags, 0x1A4 /* 0644 */);
            if (fd >= 0)
            {
                return fd;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != LibC.EINTR)
            {
                throw Error("open", path, errno);
            }
        }
    }

    internal static void Retry(string call, string path, Func<int> syscall)
    {
        while (syscall() < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != LibC.EINTR)
            {
                throw Error(call, path, errno);
            }
        }
    }

    internal static JournalIoException Error(string call, string path, int errno) => new(call, path, errno, LibC.Describe(errno));
}

/// <summary>One file descriptor; closed exactly once.</summary>
internal sealed class FdHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public FdHandle(int fd) : base(ownsHandle: true) => SetHandle(fd);

    public int Fd => (int)handle;

    protected override bool ReleaseHandle() => LibC.close((int)handle) == 0;
}
