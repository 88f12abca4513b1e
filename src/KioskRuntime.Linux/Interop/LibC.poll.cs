using System.Runtime.InteropServices;

namespace KioskRuntime.Linux.Interop;

/// <summary>poll.h.</summary>
internal static unsafe partial class LibC
{
    internal const short POLLIN = 0x1;
    internal const short POLLOUT = 0x4;
    internal const short POLLERR = 0x8;
    internal const short POLLHUP = 0x10;
    internal const short POLLNVAL = 0x20;

    [StructLayout(LayoutKind.Sequential)]
    /// <summary>struct pollfd.</summary>
    internal struct PollFd
    {
        public int fd;
        public short events;
        public short revents;
    }

    [LibraryImport(Library, EntryPoint = "poll", SetLastError = true)]
    internal static partial int poll(PollFd* fds, nuint nfds, int timeout);
}
