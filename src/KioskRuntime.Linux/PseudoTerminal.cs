using System.Runtime.InteropServices;
using System.Text;
using KioskRuntime.Linux.Interop;

namespace KioskRuntime.Linux;

/// <summary>
/// A pseudo-terminal pair (posix_openpt, grantpt, unlockpt, ptsname_r): a driver opens <see cref="SlavePath"/> as if it were
/// <c>/dev/ttyACM0</c>, the other side reads and writes <see cref="Master"/>. For tests and bench harnesses that stand in for a
/// serial device. Owns <see cref="Master"/>. Thread safety: as <see cref="FileDescriptor"/>.
/// </summary>
public sealed unsafe class PseudoTerminal : IDisposable
{
    private PseudoTerminal(FileDescriptor master, string slavePath)
    {
        Master = master;
        SlavePath = slavePath;
    }

    /// <summary>The master side (opened O_RDWR|O_NOCTTY|O_CLOEXEC, blocking).</summary>
    public FileDescriptor Master { get; }

    /// <summary>The slave device, e.g. <c>/dev/pts/3</c>.</summary>
    public string SlavePath { get; }

    /// <summary>Opens a new pair.</summary>
    public static PseudoTerminal Open()
    {
        var fd = LibC.posix_openpt(LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_CLOEXEC);
        if (fd < 0)
        {
            throw new ErrnoException("posix_openpt", "O_RDWR|O_NOCTTY|O_CLOEXEC", Marshal.GetLastPInvokeError());
        }

        var master = new FileDescriptor(fd, "/dev/ptmx");
        try
        {
            master.Checked("grantpt", static f => LibC.grantpt(f));
            master.Checked("unlockpt", static f => LibC.unlockpt(f));
            const int size = 256;
            byte* name = stackalloc byte[size];
            new Span<byte>(name, size).Clear();
            var added = false;
            master.DangerousAddRef(ref added);
            try
            {
                var rc = LibC.ptsname_r(master.Fd, name, size); // returns the error number itself
                if (rc != 0)
                {
                    throw master.Error("ptsname_r", rc);
                }
            }
            finally
            {
                if (added)
                {
                    master.DangerousRelease();
                }
            }

            var span = new ReadOnlySpan<byte>(name, size);
            var end = span.IndexOf((byte)0);
            return new PseudoTerminal(master, Encoding.UTF8.GetString(end < 0 ? span : span[..end]));
        }
        catch
        {
            master.Dispose();
            throw;
        }
    }

    /// <summary>Closes the master side.</summary>
    public void Dispose() => Master.Dispose();
}
