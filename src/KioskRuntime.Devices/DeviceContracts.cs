namespace KioskRuntime.Devices;

/// <summary>The kinds of device a hardware profile can name. Each kind has exactly one contract interface.</summary>
public enum DeviceKind
{
    Scanner,
    Printer,
    PaymentTerminal,

    /// <summary>An NFC card reader (<see cref="ICardReader"/>); the profile calls it <c>nfc</c>.</summary>
    Nfc,

    /// <summary>A status light (<see cref="IStatusLight"/>).</summary>
    Light,

    /// <summary>A door or cabinet lock (<see cref="IDoorLock"/>); the profile calls it <c>door-lock</c>.</summary>
    DoorLock,

    Buzzer,

    /// <summary>Tamper, door and presence inputs (<see cref="ISensors"/>).</summary>
    Sensors,

    Display,
}

/// <summary>Coarse state every driver reports; the detail string says the rest.</summary>
public enum DeviceState
{
    Starting,
    Ready,
    Busy,
    /// <summary>Working, but something needs attention (paper near end, a retry in progress).</summary>
    Degraded,
    /// <summary>The device node or peer is gone; the driver keeps trying to reconnect by itself.</summary>
    Disconnected,
    /// <summary>The driver cannot work with what it has (bad path, permission denied); it still retries slowly.</summary>
    Failed,
    Stopped,
}

/// <summary>A snapshot of a device's state. Immutable.</summary>
public sealed record DeviceStatus(DeviceState State, string? Detail, DateTimeOffset Since)
{
    public static DeviceStatus Initial(TimeProvider time) => new(DeviceState.Starting, null, time.GetUtcNow());
}

/// <summary>
/// What every driver is: a named, long-running loop with a status. <see cref="RunAsync"/> runs until cancelled and survives
/// unplug and reconnect by itself; it must call <see cref="ProgressBeacon.Beat"/> at least once a second while healthy
/// (blocking waits use a timeout), because the systemd watchdog is only fed while every loop shows progress.
/// </summary>
public interface IDevice
{
    /// <summary>The device's name in the hardware profile.</summary>
    string Name { get; }

    DeviceKind Kind { get; }

    /// <summary>The driver's name as written in profiles (<c>simulated</c>, <c>hidraw</c>, <c>tcp9100</c> …).</summary>
    string Driver { get; }

    DeviceStatus Status { get; }

    ProgressBeacon Progress { get; }

    /// <summary>Runs the device loop until <paramref name="stoppingToken"/> is cancelled. Never throws for device faults.</summary>
    Task RunAsync(CancellationToken stoppingToken);
}

/// <summary>
/// A loop's sign of life. Thread-safe: the loop beats, the watchdog reads.
/// </summary>
public sealed class ProgressBeacon
{
    private readonly TimeProvider _time;
    private long _lastTimestamp;
    private long _count;

    public ProgressBeacon(TimeProvider time)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _lastTimestamp = time.GetTimestamp();
    }

    /// <summary>Number of beats so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    public void Beat()
    {
        Interlocked.Exchange(ref _lastTimestamp, _time.GetTimestamp());
        Interlocked.Increment(ref _count);
    }

    /// <summary>Time since the last beat.</summary>
    public TimeSpan SinceLastBeat => _time.GetElapsedTime(Interlocked.Read(ref _lastTimestamp));
}
