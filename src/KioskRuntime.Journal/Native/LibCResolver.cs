using System.Reflection;
using System.Runtime.InteropServices;

namespace KioskRuntime.Journal.Native;

/// <summary>
/// Routes <see cref="LibC"/> imports. By default "libc" resolves to the process's libc (libc.so.6). When the environment variable
/// <c>KIOSK_JOURNAL_LIBC</c> names a shared object, that library is loaded instead: the fault-injection shim used by tests
/// (tests/native/faultfs.c) exports the same symbols and forwards to the real libc. A direct <c>libc</c> import is bound to
/// libc.so.6 by handle and is not affected by LD_PRELOAD interposition, so an explicit route is the reliable hook.
/// </summary>
internal static class LibCResolver
{
    internal const string OverrideVariable = "KIOSK_JOURNAL_LIBC";
    private static int _installed;

    internal static void EnsureInstalled()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1)
        {
            return;
        }

        NativeLibrary.SetDllImportResolver(typeof(LibCResolver).Assembly, Resolve);
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != LibC.Library)
        {
            return 0;
        }

        var custom = Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrEmpty(custom))
        {
            return NativeLibrary.Load(custom);
        }

        return NativeLibrary.TryLoad("libc.so.6", out var handle) ? handle : 0;
    }
}
