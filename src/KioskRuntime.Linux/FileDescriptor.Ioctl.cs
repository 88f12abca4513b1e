using System.Runtime.InteropServices;
using KioskRuntime.Linux.Interop;

namespace KioskRuntime.Linux;

/// <summary>ioctl.</summary>
public sealed unsafe partial class FileDescriptor
{
    /// <summary>
    /// ioctl(2) with a pointer (or integer) argument; build <paramref name="request"/> with <see cref="IoctlRequest"/>. A device ioctl
    /// failing is often expected (ENOTTY on a FIFO or a pty standing in for a device), so the errno is returned, not thrown.
    /// EINTR is retried.
    /// </summary>
    public bool TryIoctl(nuint request, void* argument, out int errno)
    {
        var added = false;
        DangerousAddRef(ref added);
        try
        {
            while (true)
            {
                if (LibC.ioctl((int)handle, request, argument) >= 0)
                {
                    errno = 0;
                    return true;
                }

                errno = Marshal.GetLastPInvokeError();
                if (errno != LibC.EINTR)
                {
                    return false;
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
