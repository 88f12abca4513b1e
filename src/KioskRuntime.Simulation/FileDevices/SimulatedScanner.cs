using KioskRuntime.Devices;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Simulation.FileDevices;

/// <summary>
/// A scanner that reads one barcode per line from a path: a FIFO (created if missing), a regular file (read once, then followed like
/// <c>tail -f</c>), or <c>-</c> for standard input. A line may start with an AIM symbology identifier and a space (<c>]E0 7038010001659</c>).
/// It goes through the same pipeline as a hardware scanner; it is a real implementation of the scanner contract, not a test double.
/// </summary>
internal sealed class SimulatedScanner : SimulatedLineDevice, IBarcodeScanner
{
    private readonly IScanSink _sink;
    private int _goodReads;
    private int _errors;

    public SimulatedScanner(string name, string path, IScanSink sink, TimeProvider time, ILogger<SimulatedScanner> logger)
        : base(name, DeviceKind.Scanner, path, time, logger)
    {
        _sink = sink;
    }

    /// <summary>Good-read and error signals given so far (a simulated beeper).</summary>
    public (int GoodReads, int Errors) Signals => (Volatile.Read(ref _goodReads), Volatile.Read(ref _errors));

    public ValueTask SignalAsync(ScanFeedback feedback, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref feedback == ScanFeedback.GoodRead ? ref _goodReads : ref _errors);
        return ValueTask.CompletedTask;
    }

    protected override ValueTask OnLineAsync(string line, CancellationToken cancellationToken)
    {
        string? aim = null;
        if (line.Length > 4 && line[0] == ']' && line[3] == ' ')
        {
            aim = line[..3];
            line = line[4..];
        }

        return _sink.OnScannedAsync(new ScannedCode(line, aim, Name, Time.GetUtcNow()), cancellationToken);
    }
}
