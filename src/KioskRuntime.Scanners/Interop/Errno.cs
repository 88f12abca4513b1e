namespace KioskRuntime.Scanners.Interop;

/// <summary>errno values (asm-generic/errno-base.h; identical on x86-64, aarch64 and armhf).</summary>
internal static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int ENXIO = 6;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int EBUSY = 16;
    public const int ENODEV = 19;
    public const int EINVAL = 22;
    public const int ENOTTY = 25;

    /// <summary>errnos that mean the device went away (unplug): the loop reports Disconnected and waits for it to return.</summary>
    public static bool MeansGone(int errno) => errno is ENODEV or EIO or ENXIO or ENOENT or EBADF;

    public static string Name(int errno) => errno switch
    {
        EPERM => "EPERM",
        ENOENT => "ENOENT",
        EINTR => "EINTR",
        EIO => "EIO",
        ENXIO => "ENXIO",
        EBADF => "EBADF",
        EAGAIN => "EAGAIN",
        EACCES => "EACCES",
        EBUSY => "EBUSY",
        ENODEV => "ENODEV",
        EINVAL => "EINVAL",
        ENOTTY => "ENOTTY",
        _ => errno.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
