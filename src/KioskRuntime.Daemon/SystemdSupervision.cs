using System.Globalization;
using KioskRuntime.Devices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon;

/// <summary>
/// Feeds systemd: WATCHDOG=1 at half of <c>$WATCHDOG_USEC</c>, and only while every registered loop (sale pipeline, device loops, replay)
/// has shown progress recently — a stuck loop means no ping and systemd restarts the service. STATUS= carries one human line whenever it
/// changes, and the status light follows the kiosk's state. READY=1 and STOPPING=1 are sent by the systemd lifetime itself.
/// </summary>
internal sealed class SystemdSupervision : BackgroundService
{
    private readonly ISystemdNotifier _notifier;
    private readonly LoopRegistry _loops;
    private readonly KioskStatus _status;
    private readonly DeviceSupervisor _devices;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly TimeProvider _time;
    private readonly ILogger<SystemdSupervision> _logger;
    private readonly TimeSpan? _watchdogInterval;

    public SystemdSupervision(
        ISystemdNotifier notifier,
        LoopRegistry loops,
        KioskStatus status,
        DeviceSupervisor devices,
        IHostApplicationLifetime lifetime,
        TimeProvider time,
        ILogger<SystemdSupervision> logger)
    {
        _notifier = notifier;
        _loops = loops;
        _status = status;
        _devices = devices;
        _lifetime = lifetime;
        _time = time;
        _logger = logger;
        _watchdogInterval = ReadWatchdogInterval(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), Environment.GetEnvironmentVariable("WATCHDOG_PID"), Environment.ProcessId);
    }

    /// <summary>The watchdog timeout systemd set for this process, or null when none applies (sd_watchdog_enabled(3) semantics).</summary>
    internal static TimeSpan? ReadWatchdogInterval(string? usec, string? pid, int ownPid)
    {
        if (!ulong.TryParse(usec, NumberStyles.None, CultureInfo.InvariantCulture, out var micros) || micros == 0)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(pid) && (!int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var p) || p != ownPid))
        {
            return null; // the watchdog is meant for another process (e.g. a wrapper)
        }

        return TimeSpan.FromMicroseconds(micros);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Ping at half the timeout; consider a loop stuck once it has been silent for half the timeout (at least 2 s: loops beat every 0.5 s).
        var period = _watchdogInterval is { } w ? TimeSpan.FromTicks(Math.Max(w.Ticks / 2, TimeSpan.FromMilliseconds(100).Ticks)) : TimeSpan.FromSeconds(1);
        var staleAfter = _watchdogInterval is { } w2 ? TimeSpan.FromTicks(Math.Max(w2.Ticks / 2, TimeSpan.FromSeconds(2).Ticks)) : TimeSpan.FromSeconds(10);
        if (period > TimeSpan.FromSeconds(1))
        {
            period = TimeSpan.FromSeconds(1);
        }

        if (_watchdogInterval is { } interval)
        {
            _logger.LogInformation("systemd watchdog: timeout {Timeout}, pinging every {Period} while all loops progress", interval, period);
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = _lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);

        string? lastStatus = null;
        string? lastStuck = null;
        var lastPing = _time.GetTimestamp();
        using var timer = new PeriodicTimer(period, _time);
        do
        {
            var stuck = _loops.Snapshot().Where(l => l.Silence() > staleAfter).Select(l => $"{l.Name} (silent {l.Silence().TotalSeconds:0.0} s)").ToList();
            var stuckText = stuck.Count == 0 ? null : string.Join(", ", stuck);
            if (stuckText != lastStuck)
            {
                if (stuckText is null)
                {
                    _logger.LogInformation("All loops progress again");
                }
                else
                {
                    _logger.LogCritical("Loop(s) not progressing: {Loops}; withholding watchdog pings", stuckText);
                }

                lastStuck = stuckText;
            }

            if (_watchdogInterval is not null && stuckText is null && _time.GetElapsedTime(lastPing) >= period - TimeSpan.FromMilliseconds(50))
            {
                _notifier.Notify(new ServiceState("WATCHDOG=1"));
                lastPing = _time.GetTimestamp();
            }

            var snapshot = _status.Snapshot();
            var line = stuckText is null ? snapshot.Summary : $"{snapshot.Summary}; STUCK: {stuckText}";
            if (line != lastStatus)
            {
                if (_notifier.IsEnabled)
                {
                    _notifier.Notify(new ServiceState("STATUS=" + line.Replace('\n', ' ')));
                }

                _logger.LogInformation("Status: {Status}", line);
                lastStatus = line;
            }

            var pattern = snapshot.State == "out-of-service" || stuckText is not null ? LightPattern.Error
                : snapshot.State == "selling" ? LightPattern.Busy
                : snapshot.Upstream.Url is not null && !snapshot.Upstream.Online ? LightPattern.Offline
                : LightPattern.Ready;
            foreach (var light in _devices.Lights)
            {
                try
                {
                    await light.ShowAsync(pattern, stoppingToken).ConfigureAwait(false);
                }
                catch (IOException e)
                {
                    _logger.LogWarning("Light {Light}: {Error}", light.Name, e.Message);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
