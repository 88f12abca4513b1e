using System.Runtime.InteropServices;
using System.Text;
using KioskRuntime.Linux.Interop;

namespace KioskRuntime.Linux;

/// <summary>realpath(3): sysfs links are relative to their physical directory, which lexical joining gets wrong. Thread safety: stateless.</summary>
public static unsafe class RealPath
{
    private const int ENAMETOOLONG = 36;
    private const int ELOOP = 40;

    /// <summary>
    /// The canonical path, or null when it cannot be resolved because a component is missing, not a directory, unreadable, a
    /// symlink loop or too long (ENOENT, ENOTDIR, EACCES, ELOOP, ENAMETOOLONG). Any other errno is an <see cref="ErrnoException"/>.
    /// </summary>
    public static string? Resolve(string path)
    {
        byte* buffer = stackalloc byte[LibC.PATH_MAX + 1];
        if (LibC.realpath(path, buffer) is null)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is LibC.ENOENT or LibC.ENOTDIR or LibC.EACCES or ELOOP or ENAMETOOLONG
                ? null
                : throw new ErrnoException("realpath", $"\"{path}\"", errno);
        }

        var span = new ReadOnlySpan<byte>(buffer, LibC.PATH_MAX);
        var end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }
}
