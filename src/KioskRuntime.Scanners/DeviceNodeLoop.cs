using KioskRuntime.Devices;
using KioskRuntime.Linux;
using KioskRuntime.Scanners.Interop;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Scanners;

/// <summary>
/// The reading loop every scanner driver shares: open (through the driver's factory, which resolves the node each time), poll with a
/// short timeout so the <see cref="ProgressBeacon"/> beats and cancellation is prompt, read, hand decoded scans to the sink, and on
/// ENODEV/EIO/EOF or a removed node report Disconnected and look for the node again every reconnect interval (≤ 500 ms).
/// Runs on a dedicated thread (poll blocks). <see cref="Status"/> and <see cref="Current"/> may be read from any thread.
/// </summary>
internal sealed class DeviceNodeLoop
{
    private static readonly TimeSpan LivenessInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan FailedRetry = TimeSpan.FromSeconds(2);

    private readonly string _name;
    private readonly string _driver;
    private readonly Func<IScanSession> _open;
    private readonly IScanSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _reconnect;
    private readonly int _pollMs;
    private DeviceStatus _status;
    private IScanSession? _current;
    private int _started;

    public DeviceNodeLoop(
        string name, string driver, Func<IScanSession> open, IScanSink sink, TimeProvider time, ILogger logger, ProgressBeacon beacon,
        TimeSpan reconnect, TimeSpan idleTick)
    {
        _name = name;
        _driver = driver;
        _open = open;
        _sink = sink;
        _time = time;
        _logger = logger;
        Beacon = beacon;
        _reconnect = reconnect;
        _pollMs = (int)Math.Clamp(idleTick.TotalMilliseconds, 10, 250);
        _status = DeviceStatus.Initial(time);
    }

    public ProgressBeacon Beacon { get; }

    public DeviceStatus Status => Volatile.Read(ref _status);

    /// <summary>The open session, if any (for output reports).</summary>
    public IScanSession? Current => Volatile.Read(ref _current);

    /// <summary>Starts the loop on its own named background thread (poll blocks); the task completes when it stops. Once only.</summary>
    public Task RunAsync(CancellationToken stoppingToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException($"Scanner '{_name}' is already running; RunAsync may be called once.");
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(stoppingToken);
                done.TrySetResult();
            }
            catch (Exception ex)
            {
                // A bug, not a device fault (those are handled in the loop): fault the task rather than the process.
                SetStatus(DeviceState.Failed, $"driver loop ended: {ex.GetType().Name}: {ex.Message}");
                done.TrySetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = $"scanner {_name}",
        };
        thread.Start();
        return done.Task;
    }

    private void Run(CancellationToken ct)
    {
        var outputs = new List<ScanOutput>();
        string? lost = null; // why the device was last lost, kept in the detail while waiting for it
        while (!ct.IsCancellationRequested)
        {
            Beacon.Beat();
            IScanSession session;
            try
            {
                session = _open();
            }
            catch (ErrnoException ex) when (ex.Errno is Errno.EACCES or Errno.EPERM)
            {
                SetStatus(DeviceState.Failed, $"permission denied: {ex.Message} (udev rule / group?)");
                Sleep(FailedRetry, ct);
                continue;
            }
            catch (Exception ex) when (ex is ErrnoException or ScannerNotPresentException)
            {
                SetStatus(DeviceState.Disconnected, lost is null ? $"waiting for the device: {ex.Message}" : $"{lost}; waiting for it to return");
                Sleep(_reconnect, ct);
                continue;
            }
            catch (ScannerSetupException ex)
            {
                SetStatus(DeviceState.Failed, ex.Message);
                Sleep(FailedRetry, ct);
                continue;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
            {
                // Anything else that goes wrong while opening (sysfs vanishing under us …) is a device fault too: report, retry.
                ScannerLog.DriverFault(_logger, _name, ex);
                SetStatus(DeviceState.Failed, $"{ex.GetType().Name}: {ex.Message}");
                Sleep(FailedRetry, ct);
                continue;
            }

            using (session)
            {
                Volatile.Write(ref _current, session);
                SetStatus(session.Warning is null ? DeviceState.Ready : DeviceState.Degraded, session.Warning ?? session.File.Path);
                lost = null;
                string reason = ReadUntilGone(session, outputs, ct);
                Volatile.Write(ref _current, null);
                if (!ct.IsCancellationRequested)
                {
                    lost = reason;
                    SetStatus(DeviceState.Disconnected, reason);
                }
            }
        }

        SetStatus(DeviceState.Stopped, null);
    }

    /// <summary>Reads until the node goes away or the loop stops. Returns why it ended.</summary>
    private string ReadUntilGone(IScanSession session, List<ScanOutput> outputs, CancellationToken ct)
    {
        var buffer = new byte[Math.Max(session.ReadSize, 16)];
        long lastData = _time.GetTimestamp();
        long lastLiveness = lastData;
        while (!ct.IsCancellationRequested)
        {
            Beacon.Beat();
            try
            {
                PollOutcome polled = session.File.Poll(_pollMs);
                if (polled == PollOutcome.HangUp)
                {
                    return "device hung up (POLLHUP)";
                }

                if (polled == PollOutcome.Readable)
                {
                    int n = session.File.Read(buffer);
                    if (n == 0)
                    {
                        return "end of file on the device node";
                    }

                    if (n > 0)
                    {
                        lastData = _time.GetTimestamp();
                        session.OnData(buffer.AsSpan(0, n), outputs);
                        Deliver(outputs, ct);
                    }
                }
                else
                {
                    session.OnIdle(_time.GetElapsedTime(lastData), outputs);
                    Deliver(outputs, ct);
                }
            }
            catch (ErrnoException ex)
            {
                return MeansGone(ex.Errno) ? $"device gone: {ex.Message}" : $"device error: {ex.Message}";
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A decoder bug must not end the loop (and leave the node closed with a stale Ready): drop the session, reopen.
                ScannerLog.DriverFault(_logger, _name, ex);
                return $"driver fault: {ex.GetType().Name}: {ex.Message}";
            }

            if (_time.GetElapsedTime(lastLiveness) >= LivenessInterval)
            {
                lastLiveness = _time.GetTimestamp();
                if (session.File.IsUnlinked())
                {
                    return $"device node {session.File.Path} was removed";
                }
            }
        }

        return "stopped";
    }

    private void Deliver(List<ScanOutput> outputs, CancellationToken ct)
    {
        foreach (ScanOutput o in outputs)
        {
            try
            {
                ValueTask pending;
                if (o.RejectReason is string reason)
                {
                    ScannerLog.Rejected(_logger, _name, reason);
                    pending = _sink.OnRejectedAsync(new ScanRejected(_name, reason, _time.GetUtcNow()), ct);
                }
                else
                {
                    ScannerLog.Scanned(_logger, _name, o.Data!.Length, o.SymbologyId);
                    pending = _sink.OnScannedAsync(new ScannedCode(o.Data, o.SymbologyId, _name, _time.GetUtcNow()), ct);
                }

                if (!pending.IsCompletedSuccessfully)
                {
                    pending.AsTask().GetAwaiter().GetResult();
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The sink belongs to the pipeline; its faults must not stop the reader.
                ScannerLog.SinkFailed(_logger, _name, ex);
            }
        }

        outputs.Clear();
    }

    private void SetStatus(DeviceState state, string? detail)
    {
        DeviceStatus old = Status;
        if (old.State == state && old.Detail == detail)
        {
            return;
        }

        Volatile.Write(ref _status, new DeviceStatus(state, detail, _time.GetUtcNow()));
        ScannerLog.StateChanged(_logger, _name, _driver, state, detail);
    }

    private void Sleep(TimeSpan delay, CancellationToken ct)
    {
        // Wait in slices so the beacon keeps beating (the watchdog wants a beat at least once a second).
        long start = _time.GetTimestamp();
        while (!ct.IsCancellationRequested && _time.GetElapsedTime(start) < delay)
        {
            Beacon.Beat();
            TimeSpan slice = delay - _time.GetElapsedTime(start);
            if (slice > TimeSpan.FromMilliseconds(250))
            {
                slice = TimeSpan.FromMilliseconds(250);
            }

            try
            {
                Task.Delay(slice > TimeSpan.Zero ? slice : TimeSpan.Zero, _time, ct).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>errnos that mean the device went away (unplug): the loop reports Disconnected and waits for it to return.</summary>
    private static bool MeansGone(int errno) => errno is Errno.ENODEV or Errno.EIO or Errno.ENXIO or Errno.ENOENT or Errno.EBADF;
}
