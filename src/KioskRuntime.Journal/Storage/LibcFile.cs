using System.Runtime.InteropServices;
using KioskRuntime.Journal.Native;

namespace KioskRuntime.Journal.Storage;

/// <summary>A file opened with open(2); positional pread/pwrite, checked fsync/fdatasync/ftruncate.</summary>
internal sealed class LibcFile : IJournalFile
{
    private readonly FdHandle _fd;

    public LibcFile(string path, int fd) : this(path, new FdHandle(fd))
    {
    }

    public LibcFile(string path, FdHandle fd)
    {
        Path = path;
        _fd = fd;
    }

    public string Path { get; }

    public unsafe int Read(long offset, Span<byte> buffer)
    {
        var total = 0;
        var added = false;
        try
        {
            _fd.DangerousAddRef(ref added);
            fixed (byte* p = buffer)
            {
                while (total < buffer.Length)
                {
                    var n = LibC.pread(_fd.Fd, p + total, (nuint)(buffer.Length - total), offset + total);
                    if (n < 0)
                    {
                        var errno = Marshal.GetLastPInvokeError();
                        if (errno == LibC.EINTR)
                        {
                            continue;
                        }

                        throw LibcFileSystem.Error("pread", Path, errno);
                    }

                    if (n == 0)
                    {
                        break;
                    }

                    total += (int)n;
                }
            }
        }
        finally
        {
            if (added)
            {
                _fd.DangerousRelease();
            }
        }

        return total;
    }

    public unsafe void Write(long offset, ReadOnlySpan<byte> data)
    {
        var added = false;
        try
        {
            _fd.DangerousAddRef(ref added);
            fixed (byte* p = data)
            {
                var done = 0;
                while (done < data.Length)
                {
                    var n = LibC.pwrite(_fd.Fd, p + done, (nuint)(data.Length - done), offset + done);
                    if (n < 0)
                    {
                        var errno = Marshal.GetLastPInvokeError();
                        if (errno == LibC.EINTR)
                        {
                            continue;
                        }

                        throw LibcFileSystem.Error("pwrite", Path, errno);
                    }

                    if (n == 0)
                    {
                        throw LibcFileSystem.Error("pwrite", Path, LibC.ENOSPC);
                    }

                    done += (int)n;
                }
            }
        }
        finally
        {
            if (added)
            {
                _fd.DangerousRelease();
            }
        }
    }

    public void DataSync() => Call("fdatasync", LibC.fdatasync);

    public void FullSync() => Call("fsync", LibC.fsync);

    public long GetLength()
    {
        long length = 0;
        Call("lseek", fd =>
        {
            length = LibC.lseek(fd, 0, LibC.SEEK_END);
            return length < 0 ? -1 : 0;
        });
        return length;
    }

    public void SetLength(long length) => Call("ftruncate", fd => LibC.ftruncate(fd, length));

    public void Dispose() => _fd.Dispose();

    private void Call(string name, Func<int, int> syscall)
    {
        var added = false;
        try
        {
            _fd.DangerousAddRef(ref added);
            var fd = _fd.Fd;
            LibcFileSystem.Retry(name, Path, () => syscall(fd));
        }
        finally
        {
            if (added)
            {
                _fd.DangerousRelease();
            }
        }
    }
}
