using System.Text;
using KioskRuntime.Devices;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Hardware.Simulated;

/// <summary>
/// A scanner that reads one barcode per line from a path: a FIFO (created if missing), a regular file (read once, then followed like
/// <c>tail -f</c>), or <c>-</c> for standard input. A line may start with an AIM symbology identifier and a space (<c>]E0 7038010001659</c>).
/// It goes through the same pipeline as a hardware scanner; it is a real implementation of the scanner contract, not a test double.
/// </summary>
public sealed class SimulatedScanner : SimulatedDevice, IBarcodeScanner
{
    private readonly string _path;
    private readonly IScanSink _sink;
    private int _goodReads;
    private int _errors;

    public SimulatedScanner(string name, string path, IScanSink sink, TimeProvider time, ILogger<SimulatedScanner> logger)
        : base(name, DeviceKind.Scanner, time, logger)
    {
        _path = path;
        _sink = sink;
    }

    /// <summary>Good-read and error signals given so far (a simulated beeper).</summary>
    public (int GoodReads, int Errors) Signals => (Volatile.Read(ref _goodReads), Volatile.Read(ref _errors));

    public ValueTask SignalAsync(ScanFeedback feedback, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref feedback == ScanFeedback.GoodRead ? ref _goodReads : ref _errors);
        return ValueTask.CompletedTask;
    }

    public override async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var stream = Open();
                SetStatus(DeviceState.Ready, _path);
                await ReadLinesAsync(stream, stoppingToken).ConfigureAwait(false);
                if (_path == "-")
                {
                    SetStatus(DeviceState.Stopped, "standard input closed");
                    await IdleAsync(stoppingToken).ConfigureAwait(false);
                    return;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                ReleaseBlockedReader();
                break;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                SetStatus(DeviceState.Disconnected, e.Message);
                await BeatWhileWaitingAsync(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
        }

        SetStatus(DeviceState.Stopped);
    }

    private Stream Open()
    {
        if (_path == "-")
        {
            return Console.OpenStandardInput();
        }

        if (!File.Exists(_path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            Libc.CreateFifo(_path, Convert.ToUInt32("600", 8));
        }

        // A FIFO opened read-write never reports end-of-file when a writer closes, and the open does not wait for a writer.
        // A regular file is read to its end and then followed.
        try
        {
            return new FileStream(_path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1, FileOptions.None);
        }
        catch (UnauthorizedAccessException)
        {
            return new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
        }
    }

    /// <summary>
    /// A read blocked on a FIFO cannot be cancelled; writing one newline into the FIFO completes it so that no thread stays blocked
    /// after the device stops. An empty line is ignored by the reader.
    /// </summary>
    private void ReleaseBlockedReader()
    {
        if (_path == "-" || !File.Exists(_path))
        {
            return;
        }

        try
        {
            using var writer = new FileStream(_path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
            if (!writer.CanSeek)
            {
                writer.WriteByte((byte)'\n');
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Logger.LogDebug(e, "Could not release the reader of {Path}", _path);
        }
    }

    private async Task ReadLinesAsync(Stream stream, CancellationToken stoppingToken)
    {
        var buffer = new byte[4096];
        var line = new List<byte>(64);
        Task<int>? pending = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            pending ??= stream.ReadAsync(buffer, stoppingToken).AsTask();
            int read;
            try
            {
                // The read may block in the kernel; wake up every half second so the watchdog sees this loop alive.
                read = await pending.WaitAsync(TimeSpan.FromMilliseconds(500), Time, stoppingToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Progress.Beat();
                continue;
            }

            pending = null;
            Progress.Beat();
            if (read == 0)
            {
                if (!stream.CanSeek)
                {
                    return;
                }

                await BeatWhileWaitingAsync(TimeSpan.FromMilliseconds(200), stoppingToken).ConfigureAwait(false);
                continue;
            }

            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (b == (byte)'\n')
                {
                    await DeliverAsync(line, stoppingToken).ConfigureAwait(false);
                    line.Clear();
                }
                else if (line.Count < 4096)
                {
                    line.Add(b);
                }
            }
        }
    }

    private async Task DeliverAsync(List<byte> bytes, CancellationToken ct)
    {
        var text = Encoding.UTF8.GetString(bytes.ToArray()).TrimEnd('\r');
        if (text.Length == 0)
        {
            return;
        }

        string? aim = null;
        if (text.Length > 4 && text[0] == ']' && text[3] == ' ')
        {
            aim = text[..3];
            text = text[4..];
        }

        await _sink.OnScannedAsync(new ScannedCode(text, aim, Name, Time.GetUtcNow()), ct).ConfigureAwait(false);
    }

    private async Task BeatWhileWaitingAsync(TimeSpan delay, CancellationToken ct)
    {
        Progress.Beat();
        try
        {
            await Task.Delay(delay, Time, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        Progress.Beat();
    }
}
