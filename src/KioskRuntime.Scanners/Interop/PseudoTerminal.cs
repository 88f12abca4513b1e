namespace KioskRuntime.Scanners.Interop;

/// <summary>
/// A pseudo-terminal pair (<see cref="Linux.PseudoTerminal"/>) with its master side as a <see cref="DeviceFile"/>: the driver opens
/// <see cref="SlavePath"/> as if it were <c>/dev/ttyACM0</c>, the other side writes the scanner's bytes to <see cref="Master"/>.
/// For tests and bench harnesses that stand in for a serial scanner.
/// </summary>
internal sealed class PseudoTerminal : IDisposable
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
        var pty = Linux.PseudoTerminal.Open();
        return new PseudoTerminal(DeviceFile.FromHandle(pty.Master, "ptmx"), pty.SlavePath);
    }

    public void Dispose() => Master.Dispose();
}
