using System.Runtime.InteropServices;
using KioskRuntime.Linux.Interop;

namespace KioskRuntime.Linux;

/// <summary>statvfs(3). Thread safety: stateless.</summary>
public static unsafe class FileSystemSpace
{
    /// <summary>Bytes available to an unprivileged writer on the file system holding <paramref name="path"/>: f_bavail × f_frsize.</summary>
    public static long AvailableBytes(string path)
    {
        byte* buf = stackalloc byte[LibC.StatvfsSize * 2];
        while (LibC.statvfs(path, buf) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != LibC.EINTR)
            {
                throw new ErrnoException("statvfs", $"\"{path}\"", errno);
            }
        }

        var frsize = *(ulong*)(buf + LibC.StatvfsFrsizeOffset);
        var bavail = *(ulong*)(buf + LibC.StatvfsBavailOffset);
        return (long)Math.Min((ulong)long.MaxValue, frsize * bavail);
    }
}
