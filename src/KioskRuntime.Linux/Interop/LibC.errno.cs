namespace KioskRuntime.Linux.Interop;

/// <summary>errno.h: asm-generic/errno-base.h and asm-generic/errno.h, the same numbers on x86-64 and arm64.</summary>
internal static partial class LibC
{
    internal const int EPERM = 1;
    internal const int ENOENT = 2;
    internal const int EINTR = 4;
    internal const int EIO = 5;
    internal const int ENXIO = 6;
    internal const int EBADF = 9;
    internal const int EAGAIN = 11;
    internal const int ENOMEM = 12;
    internal const int EACCES = 13;
    internal const int EBUSY = 16;
    internal const int EEXIST = 17;
    internal const int ENODEV = 19;
    internal const int ENOTDIR = 20;
    internal const int EISDIR = 21;
    internal const int EINVAL = 22;
    internal const int EMFILE = 24;
    internal const int ENOTTY = 25;
    internal const int EFBIG = 27;
    internal const int ENOSPC = 28;
    internal const int EROFS = 30;
    internal const int EDQUOT = 122;
}
