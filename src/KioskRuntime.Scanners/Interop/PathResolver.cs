using System.Runtime.InteropServices;
using System.Text;

namespace KioskRuntime.Scanners.Interop;

/// <summary>realpath(3): sysfs links are relative to their physical directory, which lexical joining gets wrong.</summary>
internal static unsafe class PathResolver
{
    private const int PathMax = 4096;

    /// <summary>The canonical path, or null if a component does not exist or cannot be read.</summary>
    public static string? RealPath(string path)
    {
        byte* buffer = stackalloc byte[PathMax + 1];
        byte* result = LibC.realpath(path, buffer);
        if (result is null)
        {
            _ = Marshal.GetLastPInvokeError();
            return null;
        }

        var span = new ReadOnlySpan<byte>(buffer, PathMax);
        int end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }
}
