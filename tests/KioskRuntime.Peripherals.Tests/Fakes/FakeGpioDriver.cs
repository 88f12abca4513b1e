using System.Device.Gpio;

namespace KioskRuntime.Peripherals.Tests.Fakes;

/// <summary>One output change the fake driver saw: which pin, the new level, and when (from the test's clock).</summary>
internal sealed record PinChange(int Pin, PinValue Value, DateTimeOffset At);

/// <summary>
/// A <see cref="GpioDriver"/> with 64 pins in memory. Records every write with its time, lets a test drive inputs
/// (<see cref="SetInput"/>, which raises the registered edge callbacks like libgpiod does), and can be told to fail.
/// </summary>
internal sealed class FakeGpioDriver(TimeProvider time) : GpioDriver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, (PinMode Mode, PinValue Value)> _pins = [];
    private readonly Dictionary<int, List<(PinEventTypes Types, PinChangeEventHandler Handler)>> _callbacks = [];
    private readonly List<PinChange> _changes = [];

    public IReadOnlyList<PinChange> Changes
    {
        get
        {
            lock (_gate)
            {
                return [.. _changes];
            }
        }
    }

    public IReadOnlyList<PinChange> ChangesOf(int pin) => Changes.Where(c => c.Pin == pin).ToList();

    /// <summary>When set, every write throws (a chip that went away).</summary>
    public bool FailWrites { get; set; }

    public bool Disposed { get; private set; }

    public PinValue Level(int pin)
    {
        lock (_gate)
        {
            return _pins.TryGetValue(pin, out var p) ? p.Value : PinValue.Low;
        }
    }

    public PinMode? ModeOf(int pin)
    {
        lock (_gate)
        {
            return _pins.TryGetValue(pin, out var p) ? p.Mode : null;
        }
    }

    /// <summary>Sets an input's level from outside and raises the edge callbacks.</summary>
    public void SetInput(int pin, PinValue value)
    {
        List<PinChangeEventHandler> handlers;
        PinEventTypes edge;
        lock (_gate)
        {
            (PinMode Mode, PinValue Value) old = _pins.TryGetValue(pin, out var p) ? p : (PinMode.Input, PinValue.Low);
            if (old.Value == value)
            {
                return;
            }

            _pins[pin] = (old.Mode, value);
            edge = value == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
            handlers = _callbacks.TryGetValue(pin, out var list) ? list.Where(c => (c.Types & edge) != 0).Select(c => c.Handler).ToList() : [];
        }

        foreach (var h in handlers)
        {
            h(this, new PinValueChangedEventArgs(edge, pin));
        }
    }

    protected override int PinCount => 64;

    protected override void OpenPin(int pinNumber)
    {
        lock (_gate)
        {
            _pins.TryAdd(pinNumber, (PinMode.Input, PinValue.Low));
        }
    }

    protected override void ClosePin(int pinNumber)
    {
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_gate)
        {
            var old = _pins.TryGetValue(pinNumber, out var p) ? p.Value : PinValue.Low;
            _pins[pinNumber] = (mode, mode == PinMode.InputPullUp && !_pins.ContainsKey(pinNumber) ? PinValue.High : old);
        }
    }

    protected override PinMode GetPinMode(int pinNumber) => ModeOf(pinNumber) ?? PinMode.Input;

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    protected override PinValue Read(int pinNumber) => Level(pinNumber);

    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_gate)
        {
            if (FailWrites)
            {
                throw new IOException("gpiochip gone (simulated)");
            }

            var mode = _pins.TryGetValue(pinNumber, out var p) ? p.Mode : PinMode.Output;
            _pins[pinNumber] = (mode, value);
            _changes.Add(new PinChange(pinNumber, value, time.GetUtcNow()));
        }
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the drivers under test use callbacks");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            if (!_callbacks.TryGetValue(pinNumber, out var list))
            {
                _callbacks[pinNumber] = list = [];
            }

            list.Add((eventTypes, callback));
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            if (_callbacks.TryGetValue(pinNumber, out var list))
            {
                list.RemoveAll(c => c.Handler == callback);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
