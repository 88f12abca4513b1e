using System.Device.Gpio;
using KioskRuntime.Devices;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Peripherals.Gpio;

/// <summary>Options of the <c>gpio-lock</c> driver: the relay line (energised = unlocked) and how long the door stays unlocked.</summary>
internal sealed record GpioDoorLockOptions : GpioChipOptions
{
    public required GpioOutputLine Relay { get; init; }

    public TimeSpan DefaultHoldOpen { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxHoldOpen { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// A door-lock relay. Locked is the de-energised level, so a dead kiosk, a crashed process or a lost chip leaves the door locked
/// (wire a fail-secure lock or strike). It unlocks only through <see cref="TryUnlock"/>, which the caller may invoke only after a
/// durable sale or an authorised staff action (the authorisation text is logged), and locks again on a timer. Every error, a stop
/// and <see cref="Dispose"/> lock it. Thread-safe.
/// </summary>
internal sealed class GpioDoorLock : IDoorLock, IDisposable
{
    public const string DriverName = "gpio-lock";

    private readonly GpioDoorLockOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GpioDoorLock> _logger;
    private readonly GpioLoop _loop;
    private readonly Lock _gate = new();
    private ITimer? _relock;
    private DateTimeOffset? _unlockedUntil;

    public GpioDoorLock(string name, GpioDoorLockOptions options, TimeProvider time, ILogger<GpioDoorLock> logger)
        : this(name, options, time, logger, GpioLoop.LibGpiod(options.SysRoot, options.ChipLabel))
    {
    }

    internal GpioDoorLock(string name, GpioDoorLockOptions options, TimeProvider time, ILogger<GpioDoorLock> logger, Func<GpioController> open)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        // The relay line is driven to "locked" as it is opened, and again as it is closed.
        _loop = new GpioLoop(
            name, DeviceKind.DoorLock, DriverName, open, c => c.OpenPin(options.Relay.Line, PinMode.Output, Level(false)), c => c.Write(options.Relay.Line, Level(false)), time, logger,
            null);
    }

    public string Name { get; }

    public DeviceKind Kind => DeviceKind.DoorLock;

    public string Driver => DriverName;

    public DeviceStatus Status => _loop.Status;

    public ProgressBeacon Progress => _loop.Beacon;

    /// <summary>Whether the relay is energised now.</summary>
    public bool IsUnlocked
    {
        get
        {
            lock (_gate)
            {
                return _unlockedUntil is not null;
            }
        }
    }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        // Lock while the line is still open; closing the line drives it to locked once more.
        using var onStop = stoppingToken.Register(() => Lock("stopping"));
        await _loop.RunAsync(null, stoppingToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Unlocks for <paramref name="holdOpen"/> (default from the options, capped at the maximum); a second call while unlocked extends
    /// the time. Returns false, with the door locked, when the relay cannot be driven. <paramref name="authorisation"/> says why (the
    /// journaled sale or staff action) and is logged.
    /// </summary>
    public bool TryUnlock(string authorisation, TimeSpan? holdOpen = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(authorisation);
        var hold = holdOpen ?? _options.DefaultHoldOpen;
        if (hold <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(holdOpen), hold, "must be positive");
        }

        hold = hold > _options.MaxHoldOpen ? _options.MaxHoldOpen : hold;
        lock (_gate)
        {
            if (!_loop.Use(c => c.Write(_options.Relay.Line, Level(true))))
            {
                LockUnderGate("the relay could not be driven");
                return false;
            }

            _unlockedUntil = _time.GetUtcNow() + hold;
            _relock?.Dispose();
            _relock = _time.CreateTimer(_ => Lock("timer"), null, hold, Timeout.InfiniteTimeSpan);
            PeripheralsLog.Unlocked(_logger, Name, hold.TotalSeconds, authorisation);
            return true;
        }
    }

    /// <summary>Locks now (idempotent).</summary>
    public void Lock(string why = "requested")
    {
        lock (_gate)
        {
            LockUnderGate(why);
        }
    }

    private void LockUnderGate(string why)
    {
        _relock?.Dispose();
        _relock = null;
        bool wasUnlocked = _unlockedUntil is not null;
        _unlockedUntil = null;
        if (!_loop.Use(c => c.Write(_options.Relay.Line, Level(false))) && wasUnlocked)
        {
            // The write failed: the loop dropped (and so released) the line; with the process gone the relay de-energises too.
            _loop.SetStatus(DeviceState.Failed, $"could not drive the relay to locked ({why}); check the lock");
        }

        if (wasUnlocked)
        {
            PeripheralsLog.Locked(_logger, Name, why);
        }
    }

    private PinValue Level(bool energised) => energised ^ _options.Relay.ActiveLow ? PinValue.High : PinValue.Low;

    public void Dispose() => Lock("disposed");
}
