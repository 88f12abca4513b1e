using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using KioskRuntime.Devices;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Peripherals.Gpio;

/// <summary>
/// The open/run/reopen loop every GPIO driver shares: open the controller (chip resolved by label each time, so a renumbered chip is
/// found again), let the driver set up its lines, beat at least once a second, and after a fault (a write that threw, a chip that went
/// away) drop the controller and open again. Operations from any thread use <see cref="Use"/>; a fault inside reports and reopens.
/// </summary>
/// <remarks>Lock order: a driver's own lock, then this loop's. <c>setUp</c> and <c>tearDown</c> run under this loop's lock and must not take the
/// driver's; <c>afterOpen</c> runs after it is released, to re-apply the driver's state through <see cref="Use"/>.</remarks>
internal sealed class GpioLoop(
    string name, DeviceKind kind, string driver, Func<GpioController> open, Action<GpioController> setUp, Action<GpioController> tearDown, TimeProvider time, ILogger logger,
    Action? afterOpen = null)
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private GpioController? _controller;
    private DeviceStatus _status = DeviceStatus.Initial(time);
    private long _lastAttempt = long.MinValue;

    public ProgressBeacon Beacon { get; } = new(time);

    public DeviceStatus Status => Volatile.Read(ref _status);

    /// <summary>Production opener: libgpiod v1 on the chip with this label.</summary>
    public static Func<GpioController> LibGpiod(string sysRoot, string chipLabel) =>
        () => new GpioController(new LibGpiodDriver(GpioChipResolver.Resolve(sysRoot, chipLabel)));

    /// <summary>Runs until cancelled. <paramref name="idle"/> waits up to about a second (default: a delay) and may do the driver's work.</summary>
    public async Task RunAsync(Func<CancellationToken, Task>? idle, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                Beacon.Beat();
                TryOpen();
                if (idle is null)
                {
                    await Task.Delay(Tick, time, ct).ConfigureAwait(false);
                }
                else
                {
                    await idle(ct).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            Close("stopped");
            SetStatus(DeviceState.Stopped, null);
        }
    }

    /// <summary>Opens now if closed and the retry interval has passed.</summary>
    public void TryOpen()
    {
        if (OpenUnderLock())
        {
            afterOpen?.Invoke();
        }
    }

    private bool OpenUnderLock()
    {
        lock (_gate)
        {
            if (_controller is not null || (_lastAttempt != long.MinValue && time.GetElapsedTime(_lastAttempt) < Retry))
            {
                return false;
            }

            _lastAttempt = time.GetTimestamp();
            GpioController? c = null;
            try
            {
                c = open();
                setUp(c);
                _controller = c;
                SetStatus(DeviceState.Ready, null);
                return true;
            }
            catch (Exception ex) when (IsHardwareFault(ex))
            {
                c?.Dispose();
                SetStatus(ex is GpioChipNotFoundException or UnauthorizedAccessException or DllNotFoundException or PlatformNotSupportedException
                    ? DeviceState.Failed
                    : DeviceState.Disconnected, ex.Message);
                return false;
            }
        }
    }

    /// <summary>Runs <paramref name="action"/> on the open controller. False when closed or when it faulted (then the controller is dropped).</summary>
    public bool Use(Action<GpioController> action)
    {
        lock (_gate)
        {
            if (_controller is null)
            {
                return false;
            }

            try
            {
                action(_controller);
                return true;
            }
            catch (Exception ex) when (IsHardwareFault(ex))
            {
                PeripheralsLog.Fault(logger, name, ex.Message);
                Close(ex.Message);
                SetStatus(DeviceState.Disconnected, ex.Message);
                return false;
            }
        }
    }

    private void Close(string why)
    {
        lock (_gate)
        {
            if (_controller is not { } c)
            {
                return;
            }

            _controller = null;
            try
            {
                tearDown(c);
            }
            catch (Exception ex) when (IsHardwareFault(ex))
            {
                PeripheralsLog.Fault(logger, name, $"while closing ({why}): {ex.Message}");
            }
            finally
            {
                c.Dispose();
            }
        }
    }

    internal static bool IsHardwareFault(Exception ex) =>
        ex is IOException or UnauthorizedAccessException or InvalidOperationException or PlatformNotSupportedException or DllNotFoundException
            or ArgumentException or TimeoutException;

    public void SetStatus(DeviceState state, string? detail)
    {
        var old = Status;
        if (old.State == state && old.Detail == detail)
        {
            return;
        }

        Volatile.Write(ref _status, new DeviceStatus(state, detail, time.GetUtcNow()));
        PeripheralsLog.StateChanged(logger, kind, name, driver, state, detail);
    }
}
