using KioskRuntime.Linux.Interop;

namespace KioskRuntime.Linux;

/// <summary>open(2) flags (asm-generic/fcntl.h values, shared by x86-64 and arm64). O_CLOEXEC is always added by <see cref="FileDescriptor.Open"/>.</summary>
[Flags]
public enum OpenFlags
{
    /// <summary>O_RDONLY.</summary>
    ReadOnly = LibC.O_RDONLY,

    /// <summary>O_WRONLY.</summary>
    WriteOnly = LibC.O_WRONLY,

    /// <summary>O_RDWR.</summary>
    ReadWrite = LibC.O_RDWR,

    /// <summary>O_CREAT (with the mode given to <see cref="FileDescriptor.Open"/>).</summary>
    Create = LibC.O_CREAT,

    /// <summary>O_NOCTTY: a tty opened this way never becomes the controlling terminal.</summary>
    NoControllingTerminal = LibC.O_NOCTTY,

    /// <summary>O_TRUNC.</summary>
    Truncate = LibC.O_TRUNC,

    /// <summary>O_NONBLOCK: reads and writes that would block return <c>false</c> (EAGAIN) instead.</summary>
    NonBlocking = LibC.O_NONBLOCK,
}
