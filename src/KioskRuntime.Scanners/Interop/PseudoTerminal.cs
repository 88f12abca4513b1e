using System.Runtime.InteropServices;
using System.Text;

namespace KioskRuntime.Scanners.Interop;

/// <summary>
/// A pseudo-terminal pair: the driver opens <see cref="SlavePath"/> as if it were <c>/dev/ttyACM0</c>, the other side writes the
/// scanner's bytes to <see cref="Master"/>. For tests and bench harnesses that stand in for a serial scanner.
/// </summary>
internal sealed unsafe class PseudoTerminal : IDisposable
{
    private PseudoTerminal(DeviceFile master, string slavePath)
    {
        Master = master;
        SlavePath = slavePath;
    }

    public DeviceFile Master { get; }

    public string SlavePath { get; }

    public static PseudoTerminal Open()
    {
        int fd = LibC.posix_openpt(LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            throw new DeviceIOException("posix_openpt(O_RDWR|O_NOCTTY)", Marshal.GetLastPInvokeError());
        }

        var handle = new FileDescriptorHandle(fd);
        try
        {
            if (LibC.grantpt(fd) != 0)
            {
                throw new DeviceIOException($"grantpt({fd})", Marshal.GetLastPInvokeError());
            }

            if (LibC.unlockpt(fd) != 0)
            {
                throw new DeviceIOException($"unlockpt({fd})", Marshal.GetLastPInvokeError());
            }

            byte* name = stackalloc byte[256];
            int rc = LibC.ptsname_r(fd, name, 256);
            if (rc != 0)
            {
                throw new DeviceIOException($"ptsname_r({fd})", rc);
            }

            var span = new ReadOnlySpan<byte>(name, 256);
            int end = span.IndexOf((byte)0);
            string slave = Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
            return new PseudoTerminal(DeviceFile.FromHandle(handle, "ptmx"), slave);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public void Dispose() => Master.Dispose();
}
