using KioskRuntime.Devices;
using KioskRuntime.Printing.EscPos;

namespace KioskRuntime.Printing.Transports;

/// <summary>
/// The transport-independent printer loop: connect (with timeout, starting Offline rather than blocking), a status heartbeat
/// (DLE EOT, or ESC ACK SOH for Star), reconnect with exponential backoff, and jobs that print only when the printer is ready
/// and end with a fence (GS r 1, or ETB for Star) that decides Printed or Unknown. One link at a time; all link I/O is serialised by one lock. Thread-safe.
/// </summary>
internal sealed partial class EscPosPrinterHost : IReceiptPrinter
{
    private readonly Func<CancellationToken, Task<IPrinterLink>> _connect;
    private readonly PrinterHostOptions _options;
    private readonly TimeProvider _time;
    private readonly bool _statusless;
    private readonly SemaphoreSlim _io = new(1, 1);
    private readonly StatusChannel _tracker;
    private readonly byte[] _readBuffer = new byte[256];
    private IPrinterLink? _link;
    private volatile DeviceStatus _status;
    private volatile int _condition = (int)PrinterCondition.Offline;

    public EscPosPrinterHost(
        string name,
        string driver,
        Func<CancellationToken, Task<IPrinterLink>> connect,
        StatusSupport statusSupport,
        PrinterHostOptions options,
        TimeProvider time)
    {
        Name = name;
        Driver = driver;
        _connect = connect;
        _statusless = statusSupport == StatusSupport.None;
        _tracker = StatusChannel.For(statusSupport);
        _options = options.Validate();
        _time = time;
        _status = new DeviceStatus(DeviceState.Starting, "not connected yet", time.GetUtcNow());
        Progress = new ProgressBeacon(time);
    }

    public string Name { get; }

    public DeviceKind Kind => DeviceKind.Printer;

    public string Driver { get; }

    public DeviceStatus Status => _status;

    public ProgressBeacon Progress { get; }

    public PrinterCondition Condition => (PrinterCondition)_condition;

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var delay = _options.ReconnectInitialDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            Progress.Beat();
            IPrinterLink? link = null;
            try
            {
                link = await ConnectAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is PrinterLinkException or IOException or OperationCanceledException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
            {
                SetDisconnected($"connect failed: {e.Message}; retrying in {delay.TotalSeconds:0.#} s");
                await WaitBeatingAsync(delay, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.ReconnectMaxDelay.Ticks));
                continue;
            }

            delay = _options.ReconnectInitialDelay;
            await UseLinkAsync(link, stoppingToken).ConfigureAwait(false);
        }

        await _io.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            DropLink("stopped");
            _status = new DeviceStatus(DeviceState.Stopped, null, _time.GetUtcNow());
        }
        finally
        {
            _io.Release();
        }
    }

    private async Task<IPrinterLink> ConnectAsync(CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stoppingToken);
        var connecting = _connect(linked.Token);
        while (!connecting.IsCompleted)
        {
            Progress.Beat();
            await Task.WhenAny(connecting, Task.Delay(TimeSpan.FromSeconds(1), _time, stoppingToken)).ConfigureAwait(false);
            stoppingToken.ThrowIfCancellationRequested();
        }

        return await connecting.ConfigureAwait(false);
    }

    /// <summary>Heartbeat on one link until it breaks or the loop stops.</summary>
    private async Task UseLinkAsync(IPrinterLink link, CancellationToken stoppingToken)
    {
        try
        {
            await _io.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            link.Dispose();
            return;
        }

        _link = link;
        _tracker.Reset();
        _io.Release();
        while (!stoppingToken.IsCancellationRequested)
        {
            Progress.Beat();
            if (!await TryEnterAsync(stoppingToken).ConfigureAwait(false))
            {
                continue;
            }

            try
            {
                if (!ReferenceEquals(_link, link))
                {
                    return; // a job dropped the link
                }

                await QueryAsync(link, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is PrinterLinkException or IOException or System.Net.Sockets.SocketException)
            {
                DropLink($"connection lost: {e.Message}");
                return;
            }
            finally
            {
                _io.Release();
            }

            await WaitBeatingAsync(_options.HeartbeatInterval, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> TryEnterAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await _io.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task WaitBeatingAsync(TimeSpan total, CancellationToken stoppingToken)
    {
        var start = _time.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            Progress.Beat();
            // Read the clock once per turn: checking it and then computing what is left could give a negative delay, which
            // Task.Delay rejects (it ended the printer loop once on a loaded machine).
            var left = total - _time.GetElapsedTime(start);
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            try
            {
                await Task.Delay(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void SetDisconnected(string detail)
    {
        _condition = (int)PrinterCondition.Offline;
        if (_status.State != DeviceState.Disconnected || _status.Detail != detail)
        {
            _status = new DeviceStatus(DeviceState.Disconnected, detail, _time.GetUtcNow());
        }
    }

    /// <summary>Closes the current link; caller holds the lock.</summary>
    private void DropLink(string reason)
    {
        _link?.Dispose();
        _link = null;
        _tracker.Reset();
        SetDisconnected(reason);
    }

    private void Publish(PrinterCondition condition)
    {
        _condition = (int)condition;
        var (state, detail) = condition switch
        {
            PrinterCondition.Ready => (DeviceState.Ready, (string?)null),
            PrinterCondition.Unknown => (DeviceState.Degraded, "printer does not answer status queries"),
            _ => (DeviceState.Degraded, condition.ToString()),
        };
        if (_status.State != state || _status.Detail != detail)
        {
            _status = new DeviceStatus(state, detail, _time.GetUtcNow());
        }
    }
}
