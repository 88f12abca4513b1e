using System.Device.Gpio;
using KioskRuntime.Devices;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Peripherals.Gpio;

/// <summary>Options of the <c>gpio-buzzer</c> driver: an active buzzer on one line.</summary>
internal sealed record GpioBuzzerOptions : GpioChipOptions
{
    public required GpioOutputLine Output { get; init; }
}

/// <summary>An active buzzer (it sounds while the line is on). A new signal replaces one still sounding. Thread-safe.</summary>
internal sealed class GpioBuzzer : IBuzzer, IDisposable
{
    public const string DriverName = "gpio-buzzer";

    private readonly GpioBuzzerOptions _options;
    private readonly TimeProvider _time;
    private readonly GpioLoop _loop;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private Queue<(bool On, TimeSpan For)> _steps = new();

    public GpioBuzzer(string name, GpioBuzzerOptions options, TimeProvider time, ILogger<GpioBuzzer> logger)
        : this(name, options, time, logger, GpioLoop.LibGpiod(options.SysRoot, options.ChipLabel))
    {
    }

    internal GpioBuzzer(string name, GpioBuzzerOptions options, TimeProvider time, ILogger<GpioBuzzer> logger, Func<GpioController> open)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _loop = new GpioLoop(
            name, DeviceKind.Buzzer, DriverName, open, c => c.OpenPin(options.Output.Line, PinMode.Output, Level(false)), c => c.Write(options.Output.Line, Level(false)), time,
            logger ?? throw new ArgumentNullException(nameof(logger)));
    }

    public string Name { get; }

    public DeviceKind Kind => DeviceKind.Buzzer;

    public string Driver => DriverName;

    public DeviceStatus Status => _loop.Status;

    public ProgressBeacon Progress => _loop.Beacon;

    public Task RunAsync(CancellationToken stoppingToken) => _loop.RunAsync(null, stoppingToken);

    /// <summary>On/off steps of a signal.</summary>
    internal static IEnumerable<(bool On, TimeSpan For)> Steps(BuzzerSignal signal) => signal switch
    {
        BuzzerSignal.Acknowledge => [(true, TimeSpan.FromMilliseconds(80))],
        BuzzerSignal.Attention => [(true, Ms(100)), (false, Ms(100)), (true, Ms(100)), (false, Ms(100)), (true, Ms(100))],
        BuzzerSignal.Alarm => [(true, TimeSpan.FromSeconds(1))],
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "unknown signal"),
    };

    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    /// <summary>Starts <paramref name="signal"/>; returns at once. False when the line is not open.</summary>
    public bool Sound(BuzzerSignal signal)
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _steps = new Queue<(bool, TimeSpan)>(Steps(signal));
            return Next();
        }
    }

    private bool Next()
    {
        _timer?.Dispose();
        _timer = null;
        if (!_steps.TryDequeue(out var step))
        {
            return _loop.Use(c => c.Write(_options.Output.Line, Level(false)));
        }

        if (!_loop.Use(c => c.Write(_options.Output.Line, Level(step.On))))
        {
            _steps.Clear();
            return false;
        }

        _timer = _time.CreateTimer(_ => { lock (_gate) { Next(); } }, null, step.For, Timeout.InfiniteTimeSpan);
        return true;
    }

    private PinValue Level(bool on) => on ^ _options.Output.ActiveLow ? PinValue.High : PinValue.Low;

    public void Dispose()
    {
        lock (_gate)
        {
            _steps.Clear();
            _timer?.Dispose();
            _timer = null;
            _loop.Use(c => c.Write(_options.Output.Line, Level(false)));
        }
    }
}
