using System.Runtime.InteropServices;

namespace KioskRuntime.Simulation.FileDevices;

/// <summary>The syscalls the simulated line devices need that .NET has no API for (mkfifo, and a FIFO open that cannot block).</summary>
internal static partial class Libc
{
    private const int O_WRONLY = 0x1;
    private const int O_NONBLOCK = 0x800; // x86-64 and arm64 (asm-generic)
    private const int O_CLOEXEC = 0x80000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, ReadOnlySpan<byte> buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    /// <summary>
    /// Writes one newline into a FIFO if somebody has it open for reading, without ever blocking: an O_WRONLY open of a FIFO
    /// without a reader blocks until one comes (it hung a device stop in CI), with O_NONBLOCK it fails with ENXIO instead.
    /// </summary>
    public static bool TryWakeFifoReader(string path)
    {
        var fd = Open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
        {
            return false;
        }

        try
        {
            return Write(fd, "\n"u8, 1) == 1;
        }
        finally
        {
            _ = Close(fd);
        }
    }

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
