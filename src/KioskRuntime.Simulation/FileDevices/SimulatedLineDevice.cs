using System.Text;
using KioskRuntime.Devices;
using KioskRuntime.Linux;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Simulation.FileDevices;

/// <summary>
/// A simulated input device that reads one message per line from a path: a FIFO (created if missing), a regular file (read once, then
/// followed like <c>tail -f</c>), or <c>-</c> for standard input. Reconnects by itself when the path goes away, and beats its progress
/// beacon at least twice a second while it waits.
/// </summary>
internal abstract class SimulatedLineDevice : SimulatedDevice
{
    private readonly string _path;

    protected SimulatedLineDevice(string name, DeviceKind kind, string path, TimeProvider time, ILogger logger)
        : base(name, kind, time, logger)
    {
        _path = path;
    }

    /// <summary>What the status says while the device is ready (its path unless a device says more).</summary>
    protected virtual string ReadyDetail => _path;

    /// <summary>Handles one non-empty line (without its line break). Must not throw for bad input: log it and go on.</summary>
    protected abstract ValueTask OnLineAsync(string line, CancellationToken cancellationToken);

    public override async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var stream = Open();
                SetStatus(DeviceState.Ready, ReadyDetail);
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
            _ = Fifo.Create(_path, Convert.ToUInt32("600", 8));
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
    /// A read blocked on a FIFO cannot be cancelled; one newline written into the FIFO completes it, so that no thread stays blocked
    /// after the device stops (an empty line is ignored). Called while the device still holds the FIFO open, and never blocks:
    /// on a plain file or stdin there is nothing to release.
    /// </summary>
    private void ReleaseBlockedReader(Stream stream)
    {
        if (_path == "-" || stream.CanSeek)
        {
            return;
        }

        bool woken;
        try
        {
            woken = Fifo.TryWakeReader(_path);
        }
        catch (ErrnoException e)
        {
            Logger.LogDebug(e, "Could not release the reader of {Path}", _path);
            return;
        }

        if (!woken)
        {
            Logger.LogDebug("Could not release the reader of {Path}", _path);
        }
    }

    private async Task ReadLinesAsync(Stream stream, CancellationToken stoppingToken)
    {
        var buffer = new byte[4096];
        var line = new List<byte>(64);
        Task<int>? pending = null;
        try
        {
            await ReadLoopAsync().ConfigureAwait(false);
        }
        finally
        {
            if (pending is { IsCompleted: false } blocked)
            {
                // Still inside the caller's using: the FIFO is open, so the wake-up cannot block. The read's thread may not have
                // reached read() yet; then it finds the newline, or a disposed stream (observed here, not left unobserved).
                ReleaseBlockedReader(stream);
                _ = blocked.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
        }

        async Task ReadLoopAsync()
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // A read from a FIFO blocks in the kernel until a writer writes. On a thread-pool thread that starves the pool (three such
                // devices delayed kioskd's other loops, and its watchdog pings, by seconds at start), so each read gets a thread of its own.
                pending ??= Task.Factory.StartNew(() => stream.Read(buffer), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
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
    }

    private async Task DeliverAsync(List<byte> bytes, CancellationToken ct)
    {
        var text = Encoding.UTF8.GetString(bytes.ToArray()).TrimEnd('\r');
        if (text.Length > 0)
        {
            await OnLineAsync(text, ct).ConfigureAwait(false);
        }
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
