using KioskRuntime.Linux.Interop;

namespace KioskRuntime.Linux;

/// <summary>poll(2) events and revents.</summary>
[Flags]
public enum PollEvents : short
{
    /// <summary>Nothing happened before the timeout.</summary>
    None = 0,

    /// <summary>POLLIN: data to read.</summary>
    In = LibC.POLLIN,

    /// <summary>POLLOUT: writing will not block.</summary>
    Out = LibC.POLLOUT,

    /// <summary>POLLERR (revents only).</summary>
    Error = LibC.POLLERR,

    /// <summary>POLLHUP (revents only): the other side hung up, or the device is gone.</summary>
    HangUp = LibC.POLLHUP,

    /// <summary>POLLNVAL (revents only): the fd is not open.</summary>
    Invalid = LibC.POLLNVAL,
}
