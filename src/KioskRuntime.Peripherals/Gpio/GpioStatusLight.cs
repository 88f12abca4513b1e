using System.Device.Gpio;
using KioskRuntime.Devices;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Peripherals.Gpio;

/// <summary>Options of the <c>gpio-light</c> driver: one LED (or a relay for a lamp) on one line.</summary>
internal sealed record GpioStatusLightOptions : GpioChipOptions
{
    public required GpioOutputLine Output { get; init; }
}

/// <summary>
/// A status light on one GPIO line: Ready steady on, Busy blinking at 1 Hz (500/500 ms), Offline a slow blink (250 ms on every 2 s),
/// Error a fast blink (125/125 ms), Off dark. Blinking runs on a <see cref="TimeProvider"/> timer, so it keeps going whatever the
/// kiosk does and tests can step it. The pattern survives a reopen. Thread-safe.
/// </summary>
internal sealed class GpioStatusLight : IStatusLight, IDisposable
{
    public const string DriverName = "gpio-light";

    private readonly GpioStatusLightOptions _options;
    private readonly TimeProvider _time;
    private readonly GpioLoop _loop;
    private readonly Lock _gate = new();
    private LightPattern _pattern = LightPattern.Off;
    private ITimer? _blink;
    private bool _lit;

    public GpioStatusLight(string name, GpioStatusLightOptions options, TimeProvider time, ILogger<GpioStatusLight> logger)
        : this(name, options, time, logger, GpioLoop.LibGpiod(options.SysRoot, options.ChipLabel))
    {
    }

    internal GpioStatusLight(string name, GpioStatusLightOptions options, TimeProvider time, ILogger<GpioStatusLight> logger, Func<GpioController> open)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _loop = new GpioLoop(
            name, DeviceKind.Light, DriverName, open, c => c.OpenPin(_options.Output.Line, PinMode.Output), c => c.Write(_options.Output.Line, Level(false)), time,
            logger ?? throw new ArgumentNullException(nameof(logger)), Reapply);
    }

    public string Name { get; }

    public DeviceKind Kind => DeviceKind.Light;

    public string Driver => DriverName;

    public DeviceStatus Status => _loop.Status;

    public ProgressBeacon Progress => _loop.Beacon;

    /// <summary>The pattern shown (or to be shown once the line is open).</summary>
    public LightPattern Pattern
    {
        get
        {
            lock (_gate)
            {
                return _pattern;
            }
        }
    }

    public Task RunAsync(CancellationToken stoppingToken) => _loop.RunAsync(null, stoppingToken);

    public ValueTask ShowAsync(LightPattern pattern, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (pattern != _pattern)
            {
                _pattern = pattern;
                Apply();
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>On and off times of a blinking pattern; null for steady ones.</summary>
    internal static (TimeSpan On, TimeSpan Off)? Timing(LightPattern pattern) => pattern switch
    {
        LightPattern.Busy => (TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500)),
        LightPattern.Offline => (TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(1750)),
        LightPattern.Error => (TimeSpan.FromMilliseconds(125), TimeSpan.FromMilliseconds(125)),
        _ => null,
    };

    /// <summary>Shows the current pattern again on a freshly opened line (after start or a reconnect).</summary>
    private void Reapply()
    {
        lock (_gate)
        {
            Apply(force: true);
        }
    }

    private void Apply(bool force = false)
    {
        _blink?.Dispose();
        _blink = null;
        Set(_pattern != LightPattern.Off, force);
        if (Timing(_pattern) is { } t)
        {
            _blink = _time.CreateTimer(_ => Toggle(), null, t.On, Timeout.InfiniteTimeSpan);
        }
    }

    private void Toggle()
    {
        lock (_gate)
        {
            if (_blink is null || Timing(_pattern) is not { } t)
            {
                return;
            }

            Set(!_lit, force: false);
            _blink.Change(_lit ? t.On : t.Off, Timeout.InfiniteTimeSpan);
        }
    }

    private void Set(bool lit, bool force)
    {
        if (lit == _lit && !force)
        {
            return;
        }

        _lit = lit;
        _loop.Use(c => c.Write(_options.Output.Line, Level(lit)));
    }

    private PinValue Level(bool lit) => lit ^ _options.Output.ActiveLow ? PinValue.High : PinValue.Low;

    public void Dispose()
    {
        lock (_gate)
        {
            _blink?.Dispose();
            _blink = null;
        }
    }
}
