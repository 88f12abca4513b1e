using System.Globalization;
using System.Text;
using KioskRuntime.Devices;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Simulation.FileDevices;

/// <summary>
/// A printer whose paper is a folder: each job's ESC/POS bytes go to <c>NNNNNN-JOBID.bin</c> with a readable rendering beside it
/// (<c>.txt</c>). The folder can simulate paper states: a file named <c>PAPER-OUT</c>, <c>COVER-OPEN</c> or <c>OFFLINE</c> in it sets the
/// printer's condition, so technicians and tests can exercise every path without hardware.
/// </summary>
internal sealed class SimulatedPrinter : SimulatedDevice, IReceiptPrinter
{
    private readonly string _folder;
    private readonly Func<ReadOnlyMemory<byte>, string> _renderText;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _jobNumber;

    public SimulatedPrinter(string name, string folder, Func<ReadOnlyMemory<byte>, string> renderText, TimeProvider time, ILogger<SimulatedPrinter> logger)
        : base(name, DeviceKind.Printer, time, logger)
    {
        _folder = folder;
        _renderText = renderText;
    }

    public PrinterCondition Condition => ReadCondition();

    public override async Task RunAsync(CancellationToken stoppingToken)
    {
        Directory.CreateDirectory(_folder);
        _jobNumber = Directory.EnumerateFiles(_folder, "*.bin").Count();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), Time);
        try
        {
            do
            {
                var condition = ReadCondition();
                SetStatus(condition switch
                {
                    PrinterCondition.Ready => DeviceState.Ready,
                    PrinterCondition.PaperNearEnd => DeviceState.Degraded,
                    _ => DeviceState.Failed,
                }, condition == PrinterCondition.Ready ? _folder : condition.ToString());
                Progress.Beat();
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        SetStatus(DeviceState.Stopped);
    }

    public async Task<PrintResult> PrintAsync(PrintJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var condition = ReadCondition();
            if (condition is not (PrinterCondition.Ready or PrinterCondition.PaperNearEnd))
            {
                return new PrintResult(PrintOutcome.NotPrinted, $"printer {condition}");
            }

            Directory.CreateDirectory(_folder);
            var number = Interlocked.Increment(ref _jobNumber);
            var stem = Path.Combine(_folder, $"{number.ToString("D6", CultureInfo.InvariantCulture)}-{Sanitize(job.JobId)}");
            await WriteAtomicallyAsync(stem + ".txt", Encoding.UTF8.GetBytes(_renderText(job.Data)), cancellationToken).ConfigureAwait(false);
            await WriteAtomicallyAsync(stem + ".bin", job.Data, cancellationToken).ConfigureAwait(false);
            Logger.LogInformation("Printed job {JobId} ({Title}, {Bytes} bytes) to {File}", job.JobId, job.Title, job.Data.Length, stem + ".bin");
            return new PrintResult(PrintOutcome.Printed, stem + ".bin");
        }
        catch (IOException e)
        {
            return new PrintResult(PrintOutcome.Unknown, e.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    private PrinterCondition ReadCondition() =>
        File.Exists(Path.Combine(_folder, "OFFLINE")) ? PrinterCondition.Offline
        : File.Exists(Path.Combine(_folder, "COVER-OPEN")) ? PrinterCondition.CoverOpen
        : File.Exists(Path.Combine(_folder, "PAPER-OUT")) ? PrinterCondition.PaperOut
        : File.Exists(Path.Combine(_folder, "PAPER-LOW")) ? PrinterCondition.PaperNearEnd
        : PrinterCondition.Ready;

    private static async Task WriteAtomicallyAsync(string path, ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        var tmp = path + ".tmp";
        await File.WriteAllBytesAsync(tmp, data.ToArray(), ct).ConfigureAwait(false);
        File.Move(tmp, path, overwrite: true);
    }

    private static string Sanitize(string id) => new(id.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_').ToArray());
}
