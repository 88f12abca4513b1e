using System.Globalization;
using System.Runtime.InteropServices;
using KioskRuntime.Linux.Interop;

namespace KioskRuntime.Linux;

/// <summary>poll.</summary>
public sealed unsafe partial class FileDescriptor
{
    /// <summary>
    /// poll(2) on this fd for up to <paramref name="timeoutMs"/> (-1: forever). Returns the revents, <see cref="PollEvents.None"/> on
    /// timeout. An EINTR restarts the wait with the full timeout.
    /// </summary>
    public PollEvents Poll(PollEvents events, int timeoutMs)
    {
        var added = false;
        DangerousAddRef(ref added);
        try
        {
            var pfd = new LibC.PollFd { fd = (int)handle, events = (short)events };
            while (true)
            {
                var rc = LibC.poll(&pfd, 1, timeoutMs);
                if (rc >= 0)
                {
                    return rc == 0 ? PollEvents.None : (PollEvents)pfd.revents;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != LibC.EINTR)
                {
                    throw Error("poll", errno, string.Create(CultureInfo.InvariantCulture, $"{events}, {timeoutMs}"));
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
