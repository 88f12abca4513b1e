using System.Runtime.InteropServices;
using KioskRuntime.Linux.Interop;

namespace KioskRuntime.Linux;

/// <summary>read, write, pread, pwrite.</summary>
public sealed unsafe partial class FileDescriptor
{
    /// <summary>One read(2). False when nothing is available on a non-blocking fd (EAGAIN); <paramref name="count"/> 0 is end of file.</summary>
    public bool TryRead(Span<byte> buffer, out int count)
    {
        var added = false;
        DangerousAddRef(ref added);
        try
        {
            fixed (byte* p = buffer)
            {
                while (true)
                {
                    var n = LibC.read((int)handle, p, (nuint)buffer.Length);
                    if (n >= 0)
                    {
                        count = (int)n;
                        return true;
                    }

                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == LibC.EAGAIN)
                    {
                        count = 0;
                        return false;
                    }

                    if (errno != LibC.EINTR)
                    {
                        throw Error("read", errno, $"{buffer.Length}");
                    }
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

    /// <summary>One write(2); <paramref name="count"/> may be short. False when the fd would block (EAGAIN).</summary>
    public bool TryWrite(ReadOnlySpan<byte> data, out int count)
    {
        var added = false;
        DangerousAddRef(ref added);
        try
        {
            fixed (byte* p = data)
            {
                while (true)
                {
                    var n = LibC.write((int)handle, p, (nuint)data.Length);
                    if (n >= 0)
                    {
                        count = (int)n;
                        return true;
                    }

                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == LibC.EAGAIN)
                    {
                        count = 0;
                        return false;
                    }

                    if (errno != LibC.EINTR)
                    {
                        throw Error("write", errno, $"{data.Length}");
                    }
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

    /// <summary>pread(2) until <paramref name="buffer"/> is full or end of file; returns the bytes read (fewer only at end of file).</summary>
    public int ReadAt(long offset, Span<byte> buffer)
    {
        var total = 0;
        var added = false;
        DangerousAddRef(ref added);
        try
        {
            fixed (byte* p = buffer)
            {
                while (total < buffer.Length)
                {
                    var n = LibC.pread((int)handle, p + total, (nuint)(buffer.Length - total), offset + total);
                    if (n > 0)
                    {
                        total += (int)n;
                        continue;
                    }

                    if (n == 0)
                    {
                        break;
                    }

                    var errno = Marshal.GetLastPInvokeError();
                    if (errno != LibC.EINTR)
                    {
                        throw Error("pread", errno, $"{buffer.Length - total}, offset {offset + total}");
                    }
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

        return total;
    }

    /// <summary>
    /// pwrite(2) until all of <paramref name="data"/> is written (short writes are continued). A write that makes no progress is
    /// reported as ENOSPC, which is what the kernel means by it on a regular file.
    /// </summary>
    public void WriteAt(long offset, ReadOnlySpan<byte> data)
    {
        var done = 0;
        var added = false;
        DangerousAddRef(ref added);
        try
        {
            fixed (byte* p = data)
            {
                while (done < data.Length)
                {
                    var n = LibC.pwrite((int)handle, p + done, (nuint)(data.Length - done), offset + done);
                    if (n > 0)
                    {
                        done += (int)n;
                        continue;
                    }

                    var errno = n == 0 ? LibC.ENOSPC : Marshal.GetLastPInvokeError();
                    if (errno != LibC.EINTR)
                    {
                        throw Error("pwrite", errno, $"{data.Length - done}, offset {offset + done}");
                    }
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
