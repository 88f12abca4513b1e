using System.Device.Gpio;
using System.Threading.Channels;
using KioskRuntime.Devices;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Peripherals.Gpio;

internal enum GpioPull
{
    None,
    Up,
    Down,
}

/// <summary>One input line. <see cref="ActiveLow"/>: the switch pulls the line low when active (the usual wiring with a pull-up).</summary>
internal sealed record GpioInputLine(string Name, int Line, SensorKind Kind, bool ActiveLow = true, GpioPull Pull = GpioPull.Up, int DebounceMs = 50);

/// <summary>Options of the <c>gpio-inputs</c> driver.</summary>
internal sealed record GpioInputsOptions : GpioChipOptions
{
    public required IReadOnlyList<GpioInputLine> Inputs { get; init; }
}

/// <summary>
/// Tamper/door switches and presence sensors on GPIO lines, debounced: after an edge the line must keep its new level for the input's
/// debounce time (each new edge restarts the wait) before a change is reported, and only real changes of the debounced state are
/// reported. The state found at open is reported once with <see cref="SensorChange.Initial"/>. Changes go to the sink from
/// <see cref="RunAsync"/>, in order. Thread-safe.
/// </summary>
internal sealed class GpioInputs : ISensors
{
    public const string DriverName = "gpio-inputs";

    private readonly GpioInputsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GpioInputs> _logger;
    private readonly GpioLoop _loop;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, InputState> _states;
    private readonly Channel<SensorChange> _changes = Channel.CreateUnbounded<SensorChange>(new UnboundedChannelOptions { SingleReader = true });
    private ISensorSink? _sink;

    public GpioInputs(string name, GpioInputsOptions options, TimeProvider time, ILogger<GpioInputs> logger)
        : this(name, options, time, logger, GpioLoop.LibGpiod(options.SysRoot, options.ChipLabel))
    {
    }

    internal GpioInputs(string name, GpioInputsOptions options, TimeProvider time, ILogger<GpioInputs> logger, Func<GpioController> open)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _states = options.Inputs.ToDictionary(i => i.Line, i => new InputState(i));
        _loop = new GpioLoop(name, DeviceKind.Sensors, DriverName, open, SetUp, TearDown, time, logger, ReportInitial);
    }

    public string Name { get; }

    public DeviceKind Kind => DeviceKind.Sensors;

    public string Driver => DriverName;

    public DeviceStatus Status => _loop.Status;

    public ProgressBeacon Progress => _loop.Beacon;

    /// <summary>Sets where changes go. Call before <see cref="RunAsync"/>; changes found before a sink is attached wait in order.</summary>
    public void AttachSink(ISensorSink sink) => Volatile.Write(ref _sink, sink ?? throw new ArgumentNullException(nameof(sink)));

    /// <summary>The debounced state of an input (null before the lines were opened).</summary>
    public bool? IsActive(string input)
    {
        lock (_gate)
        {
            return _states.Values.FirstOrDefault(s => s.Line.Name == input)?.Reported;
        }
    }

    public Task RunAsync(CancellationToken stoppingToken) => _loop.RunAsync(DeliverAsync, stoppingToken);

    private async Task DeliverAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _sink) is null)
        {
            // Nothing to deliver to yet: keep the changes queued, and do not spin on them.
            await Task.Delay(TimeSpan.FromSeconds(1), _time, ct).ConfigureAwait(false);
            return;
        }

        using var tick = CancellationTokenSource.CreateLinkedTokenSource(ct);
        tick.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await _changes.Reader.WaitToReadAsync(tick.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return;
        }

        while (Volatile.Read(ref _sink) is { } sink && _changes.Reader.TryRead(out var change))
        {
            try
            {
                await sink.OnSensorChangedAsync(change, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                PeripheralsLog.SinkFailed(_logger, Name, ex);
            }
        }
    }

    private void SetUp(GpioController c)
    {
        foreach (var input in _options.Inputs)
        {
            var mode = input.Pull switch { GpioPull.Up => PinMode.InputPullUp, GpioPull.Down => PinMode.InputPullDown, _ => PinMode.Input };
            c.OpenPin(input.Line, mode);
            c.RegisterCallbackForPinValueChangedEvent(input.Line, PinEventTypes.Rising | PinEventTypes.Falling, OnEdge);
        }
    }

    private void TearDown(GpioController c)
    {
        foreach (var input in _options.Inputs)
        {
            c.UnregisterCallbackForPinValueChangedEvent(input.Line, OnEdge);
        }
    }

    private void ReportInitial()
    {
        lock (_gate)
        {
            foreach (var s in _states.Values)
            {
                Settle(s, initial: true);
            }
        }
    }

    private void OnEdge(object sender, PinValueChangedEventArgs e)
    {
        lock (_gate)
        {
            if (!_states.TryGetValue(e.PinNumber, out var s))
            {
                return;
            }

            s.Debounce?.Dispose();
            s.Debounce = s.Line.DebounceMs == 0
                ? null
                : _time.CreateTimer(_ => { lock (_gate) { Settle(s, initial: false); } }, null, TimeSpan.FromMilliseconds(s.Line.DebounceMs), Timeout.InfiniteTimeSpan);
            if (s.Debounce is null)
            {
                Settle(s, initial: false);
            }
        }
    }

    /// <summary>Reads the line now; reports when the debounced state differs from the last one reported.</summary>
    private void Settle(InputState s, bool initial)
    {
        s.Debounce?.Dispose();
        s.Debounce = null;
        PinValue level = PinValue.Low;
        if (!_loop.Use(c => level = c.Read(s.Line.Line)))
        {
            return;
        }

        bool active = (level == PinValue.High) ^ s.Line.ActiveLow;
        if (!initial && s.Reported == active)
        {
            return;
        }

        s.Reported = active;
        var change = new SensorChange(Name, s.Line.Name, s.Line.Kind, active, initial, _time.GetUtcNow());
        PeripheralsLog.InputChanged(_logger, Name, s.Line.Name, active ? "active" : "inactive");
        _changes.Writer.TryWrite(change);
    }

    private sealed class InputState(GpioInputLine line)
    {
        public GpioInputLine Line { get; } = line;

        public bool? Reported { get; set; }

        public ITimer? Debounce { get; set; }
    }
}
