using System.Device.Gpio;
using KioskRuntime.Devices;
using KioskRuntime.Peripherals.Gpio;
using KioskRuntime.Peripherals.Tests.Fakes;

namespace KioskRuntime.Peripherals.Tests;

public sealed class GpioStatusLightTests
{
    private const int Line = 17;
    private readonly ManualTimeProvider _time = new();
    private readonly FakeGpioDriver _driver;
    private readonly DateTimeOffset _t0;

    public GpioStatusLightTests()
    {
        _driver = new FakeGpioDriver(_time);
        _t0 = _time.GetUtcNow();
    }

    private GpioStatusLight Light(bool activeLow = false) =>
        new("light", new GpioStatusLightOptions { ChipLabel = "pinctrl-rp1", Output = new GpioOutputLine(Line, activeLow) }, _time,
            new TestLogger<GpioStatusLight>(), () => new GpioController(_driver));

    /// <summary>(milliseconds since start, level) of every write to the light's line.</summary>
    private List<(double Ms, bool High)> Trace() =>
        _driver.ChangesOf(Line).Select(c => ((c.At - _t0).TotalMilliseconds, c.Value == PinValue.High)).ToList();

    private static Task Start(GpioStatusLight light, CancellationTokenSource stop) => light.RunAsync(stop.Token);

    [Fact]
    public async Task Ready_is_steady_on_and_off_is_dark()
    {
        using var light = Light();
        using var stop = new CancellationTokenSource();
        var run = Start(light, stop);
        Assert.Equal(DeviceState.Ready, light.Status.State);
        await light.ShowAsync(LightPattern.Ready, default);
        _time.Advance(TimeSpan.FromSeconds(5));
        await light.ShowAsync(LightPattern.Off, default);
        Assert.Equal([(0, false), (0, true), (5000, false)], Trace());
        await stop.CancelAsync();
        _time.Advance(TimeSpan.FromSeconds(1));
        await run;
        Assert.Equal(DeviceState.Stopped, light.Status.State);
    }

    [Theory]
    [InlineData(LightPattern.Busy, 500, 500)]
    [InlineData(LightPattern.Offline, 250, 1750)]
    [InlineData(LightPattern.Error, 125, 125)]
    public async Task Blinking_patterns_toggle_at_their_own_rhythm(LightPattern pattern, int onMs, int offMs)
    {
        using var light = Light();
        using var stop = new CancellationTokenSource();
        _ = Start(light, stop);
        await light.ShowAsync(pattern, default);
        _time.Advance(TimeSpan.FromMilliseconds(2 * (onMs + offMs)));

        var expected = new List<(double, bool)> { (0, false), (0, true), (onMs, false), (onMs + offMs, true), (2 * onMs + offMs, false), (2 * (onMs + offMs), true) };
        Assert.Equal(expected, Trace());
        await stop.CancelAsync();
    }

    [Fact]
    public async Task Active_low_inverts_every_level()
    {
        using var light = Light(activeLow: true);
        using var stop = new CancellationTokenSource();
        _ = Start(light, stop);
        await light.ShowAsync(LightPattern.Busy, default);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal([(0, true), (0, false), (500, true)], Trace());
        await stop.CancelAsync();
    }

    [Fact]
    public async Task A_pattern_set_before_the_line_opens_is_shown_when_it_opens_and_after_a_reconnect()
    {
        using var light = Light();
        await light.ShowAsync(LightPattern.Ready, default);
        Assert.Empty(Trace());
        using var stop = new CancellationTokenSource();
        _ = Start(light, stop);
        Assert.Equal(PinValue.High, _driver.Level(Line));

        _driver.FailWrites = true;
        await light.ShowAsync(LightPattern.Error, default);
        _time.Advance(TimeSpan.FromMilliseconds(125));
        Assert.Equal(DeviceState.Disconnected, light.Status.State);
        _driver.FailWrites = false;
        await light.ShowAsync(LightPattern.Ready, default);
        _time.Advance(TimeSpan.FromSeconds(3));
        await Wait.Until(() => light.Status.State == DeviceState.Ready);
        Assert.Equal(PinValue.High, _driver.Level(Line));
        await stop.CancelAsync();
    }
}
