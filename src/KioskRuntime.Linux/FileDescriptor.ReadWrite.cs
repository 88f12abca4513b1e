using System.Runtime.InteropServices;
using KioskRuntime.Linux.Interop;

namespace KioskRuntime.Linux;

/// <summary>read, write, pread, pwrite.</summary>
public sealed unsafe partial class FileDescriptor
{
    /// <summary>One read(2). False when nothing is available on a non-blocking fd (EAGAIN); <paramref name="count"/> 0 is end of file.</summary>
    public bool TryRead(Span<byte> buffer, out int count)
    {
        fixed (byte* p = buffer)
        {
            return TryTransfer(&LibC.read, "read", p, buffer.Length, out count);
        }
    }

    /// <summary>One write(2); <paramref name="count"/> may be short. False when the fd would block (EAGAIN).</summary>
    public bool TryWrite(ReadOnlySpan<byte> data, out int count)
    {
        fixed (byte* p = data)
        {
            return TryTransfer(&LibC.write, "write", p, data.Length, out count);
        }
    }

    /// <summary>pread(2) until <paramref name="buffer"/> is full or end of file; returns the bytes read (fewer only at end of file).</summary>
    public int ReadAt(long offset, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            return Positional(&LibC.pread, "pread", p, buffer.Length, offset);
        }
    }

    /// <summary>
    /// pwrite(2) until all of <paramref name="data"/> is written (short writes are continued). A write that makes no progress is
    /// reported as ENOSPC, which is what the kernel means by it on a regular file.
    /// </summary>
    public void WriteAt(long offset, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            _ = Positional(&LibC.pwrite, "pwrite", p, data.Length, offset);
        }
    }

    private bool TryTransfer(delegate*<int, byte*, nuint, nint> call, string function, byte* p, int length, out int count)
    {
        var added = false;
        DangerousAddRef(ref added);
        try
        {
            while (true)
            {
                var n = call((int)handle, p, (nuint)length);
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
                    throw Error(function, errno, $"{length}");
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

    /// <summary>pread/pwrite loop: continues short transfers; 0 ends a read (end of file) and is ENOSPC for a write.</summary>
    private int Positional(delegate*<int, byte*, nuint, long, nint> call, string function, byte* p, int length, long offset)
    {
        var writing = function == "pwrite";
        var done = 0;
        var added = false;
        DangerousAddRef(ref added);
        try
        {
            while (done < length)
            {
                var n = call((int)handle, p + done, (nuint)(length - done), offset + done);
                if (n > 0)
                {
                    done += (int)n;
                    continue;
                }

                if (n == 0 && !writing)
                {
                    break;
                }

                var errno = n == 0 ? LibC.ENOSPC : Marshal.GetLastPInvokeError();
                if (errno != LibC.EINTR)
                {
                    throw Error(function, errno, $"{length - done}, offset {offset + done}");
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

        return done;
    }
}
