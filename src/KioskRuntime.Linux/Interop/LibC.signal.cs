using System.Runtime.InteropServices;

namespace KioskRuntime.Linux.Interop;

/// <summary>signal.h. Signal numbers of asm-generic/signal.h, shared by x86-64 and arm64.</summary>
internal static partial class LibC
{
    internal const int SIGWINCH = 28;

    /// <summary>Sends a signal to one thread (the tests use it to interrupt a blocked call and see EINTR retried).</summary>
    [LibraryImport(Library, EntryPoint = "tgkill", SetLastError = true)]
    internal static partial int tgkill(int tgid, int tid, int sig);
}
