using System.Collections.Concurrent;
using System.Device.Gpio;
using System.Text.Json;
using KioskRuntime.Devices;
using KioskRuntime.Peripherals.Gpio;
using KioskRuntime.Peripherals.Tests.Fakes;
using KioskRuntime.Devices.Drivers;
using KioskRuntime.Peripherals.Drivers;

namespace KioskRuntime.Peripherals.Tests;

public sealed class GpioInputsTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly FakeGpioDriver _driver;
    private readonly Sink _sink = new();

    public GpioInputsTests() => _driver = new FakeGpioDriver(_time);

    private sealed class Sink : ISensorSink
    {
        public ConcurrentQueue<SensorChange> Changes { get; } = new();

        public ValueTask OnSensorChangedAsync(SensorChange change, CancellationToken cancellationToken)
        {
            Changes.Enqueue(change);
            return ValueTask.CompletedTask;
        }
    }

    private GpioInputs Inputs()
    {
        var options = new GpioInputsOptions
        {
            ChipLabel = "pinctrl-rp1",
            Inputs = [new GpioInputLine("case", 5, SensorKind.Tamper), new GpioInputLine("pir", 6, SensorKind.Presence, ActiveLow: false, Pull: GpioPull.Down, DebounceMs: 200)],
        };
        var inputs = new GpioInputs("inputs", options, _time, new TestLogger<GpioInputs>(), () => new GpioController(_driver));
        inputs.AttachSink(_sink);
        return inputs;
    }

    private async Task<List<SensorChange>> WaitForChanges(int count)
    {
        for (int i = 0; i < 500 && _sink.Changes.Count < count; i++)
        {
            await Task.Delay(10);
        }

        return [.. _sink.Changes];
    }

    [Fact]
    public async Task The_state_at_open_is_reported_once_as_initial()
    {
        _driver.SetInput(5, PinValue.High);
        using var stop = new CancellationTokenSource();
        _ = Inputs().RunAsync(stop.Token);
        var changes = await WaitForChanges(2);
        Assert.Equal(2, changes.Count);
        Assert.All(changes, c => Assert.True(c.Initial));
        Assert.False(changes.Single(c => c.Input == "case").Active);
        Assert.False(changes.Single(c => c.Input == "pir").Active);
        Assert.Equal(PinMode.InputPullUp, _driver.ModeOf(5));
        Assert.Equal(PinMode.InputPullDown, _driver.ModeOf(6));
        await stop.CancelAsync();
    }

    [Fact]
    public async Task Bounces_shorter_than_the_debounce_time_are_not_reported_and_a_stable_change_is_reported_once()
    {
        _driver.SetInput(5, PinValue.High);
        using var stop = new CancellationTokenSource();
        var inputs = Inputs();
        _ = inputs.RunAsync(stop.Token);
        await WaitForChanges(2);

        // Case opened: the switch chatters for 30 ms, then stays low (active).
        var opened = _time.GetUtcNow();
        foreach (var level in new[] { PinValue.Low, PinValue.High, PinValue.Low, PinValue.High, PinValue.Low })
        {
            _driver.SetInput(5, level);
            _time.Advance(TimeSpan.FromMilliseconds(7));
        }

        Assert.Equal(2, _sink.Changes.Count);
        _time.Advance(TimeSpan.FromMilliseconds(49));
        var changes = await WaitForChanges(3);
        var change = Assert.Single(changes, c => !c.Initial);
        Assert.Equal(("case", SensorKind.Tamper, true), (change.Input, change.Kind, change.Active));
        Assert.Equal(opened + TimeSpan.FromMilliseconds(28 + 50), change.At);
        Assert.True(inputs.IsActive("case"));

        // A glitch back and forth within the window changes nothing.
        _driver.SetInput(5, PinValue.High);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        _driver.SetInput(5, PinValue.Low);
        _time.Advance(TimeSpan.FromSeconds(1));
        await Task.Delay(50);
        Assert.Equal(3, _sink.Changes.Count);
        await stop.CancelAsync();
    }

    [Fact]
    public async Task Each_input_has_its_own_debounce_time()
    {
        using var stop = new CancellationTokenSource();
        _ = Inputs().RunAsync(stop.Token);
        await WaitForChanges(2);
        _driver.SetInput(6, PinValue.High);
        _time.Advance(TimeSpan.FromMilliseconds(199));
        await Task.Delay(50);
        Assert.Equal(2, _sink.Changes.Count);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var change = (await WaitForChanges(3))[^1];
        Assert.Equal(("pir", true), (change.Input, change.Active));
        await stop.CancelAsync();
    }

    [Theory]
    [InlineData("""{"chipLabel": "pinctrl-rp1", "inputs": [{"name": "a", "line": 5}, {"name": "b", "line": 5}]}""", "options.inputs")]
    [InlineData("""{"chipLabel": "pinctrl-rp1", "inputs": [{"name": "a", "line": 5, "kind": "smoke"}]}""", "options.inputs[0].kind")]
    [InlineData("""{"chipLabel": "pinctrl-rp1", "inputs": [{"line": 5}]}""", "options.inputs[0].name")]
    [InlineData("""{"inputs": []}""", "options.chipLabel")]
    [InlineData("""{"chipLabel": "x"}""", "options.inputs")]
    public void Bad_options_name_the_field(string json, string path)
    {
        using var doc = JsonDocument.Parse(json);
        var (options, problems) = DriverOptionsBinder.Bind<GpioInputsDriverOptions>(doc.RootElement, null);
        Assert.Null(options);
        Assert.Contains(problems, p => p.Path == path);
    }

    [Fact]
    public void Good_options_read_with_defaults()
    {
        using var doc = JsonDocument.Parse("""{"chipLabel": "pinctrl-rp1", "inputs": [{"name": "door", "line": 5, "kind": "door"}, {"name": "pir", "line": 6, "kind": "presence", "activeLow": false, "pull": "down", "debounceMs": 200}]}""");
        var (bound, problems) = DriverOptionsBinder.Bind<GpioInputsDriverOptions>(doc.RootElement, null);
        Assert.Empty(problems);
        var options = bound!.ToInputsOptions();
        Assert.Equal(new GpioInputLine("door", 5, SensorKind.Door, true, GpioPull.Up, 50), options.Inputs[0]);
        Assert.Equal(new GpioInputLine("pir", 6, SensorKind.Presence, false, GpioPull.Down, 200), options.Inputs[1]);
    }
}
