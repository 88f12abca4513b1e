using System.Globalization;
using System.Runtime.InteropServices;
using KioskRuntime.Linux.Interop;

namespace KioskRuntime.Linux;

/// <summary>
/// fsync, fdatasync, ftruncate, lseek, flock: results checked. .NET's own <c>FileStream.Flush(true)</c> and
/// <c>RandomAccess.FlushToDisk</c> ignore fsync failures on Linux (docs/field-notes.md, section 4); these do not.
/// </summary>
public sealed partial class FileDescriptor
{
    /// <summary>fsync(2): data and all metadata are durable, or <see cref="ErrnoException"/>.</summary>
    public void Sync() => Checked("fsync", static fd => LibC.fsync(fd));

    /// <summary>fdatasync(2): the data and the size are durable, or <see cref="ErrnoException"/>.</summary>
    public void DataSync() => Checked("fdatasync", static fd => LibC.fdatasync(fd));

    /// <summary>ftruncate(2).</summary>
    public void Truncate(long length) =>
        Checked("ftruncate", fd => LibC.ftruncate(fd, length), length.ToString(CultureInfo.InvariantCulture));

    /// <summary>The file's size: lseek(fd, 0, SEEK_END) (moves the file offset; positional I/O does not use it).</summary>
    public long GetLength()
    {
        long length = 0;
        Checked("lseek", fd => (length = LibC.lseek(fd, 0, LibC.SEEK_END)) < 0 ? -1 : 0, "0, SEEK_END");
        return length;
    }

    /// <summary>flock(2) with LOCK_NB: false when another open file description holds a conflicting lock (EWOULDBLOCK).</summary>
    public bool TryLock(bool exclusive)
    {
        var operation = (exclusive ? LibC.LOCK_EX : LibC.LOCK_SH) | LibC.LOCK_NB;
        var added = false;
        DangerousAddRef(ref added);
        try
        {
            while (LibC.flock((int)handle, operation) < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == LibC.EAGAIN)
                {
                    return false;
                }

                if (errno != LibC.EINTR)
                {
                    throw Error("flock", errno, exclusive ? "LOCK_EX|LOCK_NB" : "LOCK_SH|LOCK_NB");
                }
            }

            return true;
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
