using System.Globalization;
using System.Runtime.InteropServices;
using KioskRuntime.Linux.Interop;

namespace KioskRuntime.Linux;

/// <summary>
/// errno values (asm-generic/errno-base.h and errno.h: the same numbers on x86-64 and arm64) and their names.
/// Thread safety: stateless.
/// </summary>
public static class Errno
{
    /// <summary>Operation not permitted.</summary>
    public const int EPERM = LibC.EPERM;

    /// <summary>No such file or directory.</summary>
    public const int ENOENT = LibC.ENOENT;

    /// <summary>Interrupted system call (retried inside this layer; callers never see it).</summary>
    public const int EINTR = LibC.EINTR;

    /// <summary>Input/output error.</summary>
    public const int EIO = LibC.EIO;

    /// <summary>No such device or address (also: a non-blocking FIFO open for writing without a reader).</summary>
    public const int ENXIO = LibC.ENXIO;

    /// <summary>Bad file descriptor.</summary>
    public const int EBADF = LibC.EBADF;

    /// <summary>Resource temporarily unavailable (EWOULDBLOCK): returned as a value by this layer, never thrown.</summary>
    public const int EAGAIN = LibC.EAGAIN;

    /// <summary>Permission denied.</summary>
    public const int EACCES = LibC.EACCES;

    /// <summary>Device or resource busy.</summary>
    public const int EBUSY = LibC.EBUSY;

    /// <summary>File exists.</summary>
    public const int EEXIST = LibC.EEXIST;

    /// <summary>No such device.</summary>
    public const int ENODEV = LibC.ENODEV;

    /// <summary>Not a directory.</summary>
    public const int ENOTDIR = LibC.ENOTDIR;

    /// <summary>Invalid argument.</summary>
    public const int EINVAL = LibC.EINVAL;

    /// <summary>Inappropriate ioctl for device (a termios or device ioctl on a FIFO or a plain file).</summary>
    public const int ENOTTY = LibC.ENOTTY;

    /// <summary>No space left on device.</summary>
    public const int ENOSPC = LibC.ENOSPC;

    /// <summary>Read-only file system.</summary>
    public const int EROFS = LibC.EROFS;

    /// <summary>Disk quota exceeded.</summary>
    public const int EDQUOT = LibC.EDQUOT;

    /// <summary>The symbolic name ("EIO"), or "errno N" for one this layer does not name.</summary>
    public static string Name(int errno) => errno switch
    {
        EPERM => "EPERM",
        ENOENT => "ENOENT",
        EINTR => "EINTR",
        EIO => "EIO",
        ENXIO => "ENXIO",
        EBADF => "EBADF",
        EAGAIN => "EAGAIN",
        LibC.ENOMEM => "ENOMEM",
        EACCES => "EACCES",
        EBUSY => "EBUSY",
        EEXIST => "EEXIST",
        ENODEV => "ENODEV",
        ENOTDIR => "ENOTDIR",
        LibC.EISDIR => "EISDIR",
        EINVAL => "EINVAL",
        LibC.EMFILE => "EMFILE",
        ENOTTY => "ENOTTY",
        LibC.EFBIG => "EFBIG",
        ENOSPC => "ENOSPC",
        EROFS => "EROFS",
        EDQUOT => "EDQUOT",
        _ => "errno " + errno.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>"EIO (5): Input/output error": the name, the number and libc's message.</summary>
    public static string Describe(int errno)
    {
        var text = Marshal.PtrToStringUTF8(LibC.strerror(errno));
        return string.Create(CultureInfo.InvariantCulture, $"{Name(errno)} ({errno}){(string.IsNullOrEmpty(text) ? "" : ": " + text)}");
    }
}
