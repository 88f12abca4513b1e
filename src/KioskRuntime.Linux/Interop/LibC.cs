namespace KioskRuntime.Linux.Interop;

/// <summary>
/// The raw libc bindings, one partial file per C header (<c>LibC.unistd.cs</c> holds unistd.h). C names and C types
/// (<c>ssize_t</c> is <see cref="nint"/>, <c>size_t</c> is <see cref="nuint"/>, <c>off_t</c> is <see cref="long"/>: the 64-bit ABI of
/// linux-x64 and linux-arm64), <c>SetLastError = true</c> on every call that sets errno, no policy: no retries, no exceptions.
/// Read errno with <see cref="System.Runtime.InteropServices.Marshal.GetLastPInvokeError"/> right after a failing call.
/// Everything here resolves the library name <see cref="Library"/>; the fault-injection tests route that name to a shim with
/// <see cref="System.Runtime.InteropServices.NativeLibrary.SetDllImportResolver"/> on this assembly. Production code sets no resolver.
/// </summary>
internal static unsafe partial class LibC
{
    /// <summary>The one library name every binding in this assembly uses.</summary>
    internal const string Library = "libc";
}
