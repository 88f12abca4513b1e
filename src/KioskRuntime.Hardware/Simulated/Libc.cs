using System.Runtime.InteropServices;

namespace KioskRuntime.Hardware.Simulated;

/// <summary>The one syscall the simulated scanner needs that .NET has no API for.</summary>
internal static partial class Libc
{
    [LibraryImport("libc", EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkFifo(string path, uint mode);

    public static void CreateFifo(string path, uint mode)
    {
        if (MkFifo(path, mode) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            const int EEXIST = 17;
            if (errno != EEXIST)
            {
                throw new IOException($"Error while calling mkfifo(\"{path}\", 0{Convert.ToString(mode, 8)}): errno={errno} ({Marshal.GetPInvokeErrorMessage(errno)}).");
            }
        }
    }
}
