using System.Device.Gpio;
using System.Text.Json;
using KioskRuntime.Devices;
using KioskRuntime.Peripherals.Display;
using KioskRuntime.Peripherals.Gpio;
using KioskRuntime.Peripherals.Tests.Fakes;
using KioskRuntime.Devices.Drivers;
using KioskRuntime.Peripherals.Drivers;

namespace KioskRuntime.Peripherals.Tests;

public sealed class GpioBuzzerAndOptionsTests
{
    private readonly ManualTimeProvider _time = new();

    [Fact]
    public async Task Attention_is_three_short_beeps_and_a_new_signal_replaces_the_old()
    {
        var driver = new FakeGpioDriver(_time);
        var t0 = _time.GetUtcNow();
        using var buzzer = new GpioBuzzer(
            "buzzer", new GpioBuzzerOptions { ChipLabel = "pinctrl-rp1", Output = new GpioOutputLine(23) }, _time, new TestLogger<GpioBuzzer>(),
            () => new GpioController(driver));
        using var stop = new CancellationTokenSource();
        _ = buzzer.RunAsync(stop.Token);
        Assert.True(buzzer.Sound(BuzzerSignal.Attention));
        _time.Advance(TimeSpan.FromSeconds(1));
        var trace = driver.ChangesOf(23).Select(c => ((c.At - t0).TotalMilliseconds, c.Value == PinValue.High)).ToList();
        Assert.Equal([(0, false), (0, true), (100, false), (200, true), (300, false), (400, true), (500, false)], trace);

        Assert.True(buzzer.Sound(BuzzerSignal.Alarm));
        _time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.True(buzzer.Sound(BuzzerSignal.Acknowledge));
        _time.Advance(TimeSpan.FromSeconds(2));
        var tail = driver.ChangesOf(23).Skip(trace.Count).Select(c => ((c.At - t0).TotalMilliseconds, c.Value == PinValue.High)).ToList();
        Assert.Equal([(1000, true), (1300, true), (1380, false)], tail);
        await stop.CancelAsync();
    }

    [Fact]
    public void Light_lock_and_display_options_read_from_a_profile()
    {
        using var light = JsonDocument.Parse("""{"chipLabel": "pinctrl-rp1", "line": 17, "activeLow": true}""");
        var (l, lp) = DriverOptionsBinder.Bind<GpioOutputDriverOptions>(light.RootElement, null);
        Assert.Empty(lp);
        Assert.Equal(new GpioOutputLine(17, true), l!.ToLightOptions().Output);

        using var door = JsonDocument.Parse("""{"chipLabel": "pinctrl-rp1", "line": 22, "holdOpenMs": 8000}""");
        var (d, dp) = DriverOptionsBinder.Bind<GpioDoorLockDriverOptions>(door.RootElement, null);
        Assert.Empty(dp);
        Assert.Equal(TimeSpan.FromSeconds(8), d!.ToDoorLockOptions().DefaultHoldOpen);

        using var lcd = JsonDocument.Parse("""{"address": 63, "columns": 16, "rom": "a02"}""");
        var (x, xp) = DriverOptionsBinder.Bind<Hd44780DisplayOptions>(lcd.RootElement, null);
        Assert.Empty(xp);
        Assert.Equal((0x3F, 16, LcdRom.A02), (x!.Address, x.Columns, x.Rom));
    }

    [Theory]
    [InlineData("""{"line": 17}""", "options.chipLabel")]
    [InlineData("""{"chipLabel": "pinctrl-rp1"}""", "options.line")]
    [InlineData("""{"chipLabel": "pinctrl-rp1", "line": 17, "activeLow": "yes"}""", "options.activeLow")]
    [InlineData("""{"chipLabel": "pinctrl-rp1", "line": -1}""", "options.line")]
    public void Bad_light_options_name_the_field(string json, string path)
    {
        using var doc = JsonDocument.Parse(json);
        var (options, problems) = DriverOptionsBinder.Bind<GpioOutputDriverOptions>(doc.RootElement, null);
        Assert.Null(options);
        Assert.Contains(problems, p => p.Path == path);
    }

    [Fact]
    public void A_hold_time_above_the_maximum_is_refused()
    {
        using var doc = JsonDocument.Parse("""{"chipLabel": "c", "line": 1, "holdOpenMs": 40000, "maxHoldOpenMs": 30000}""");
        var (options, problems) = DriverOptionsBinder.Bind<GpioDoorLockDriverOptions>(doc.RootElement, null);
        Assert.Null(options);
        Assert.Contains(problems, p => p.Path == "options.holdOpenMs");
    }

    [Fact]
    public void A_display_with_an_unknown_rom_is_refused()
    {
        using var doc = JsonDocument.Parse("""{"rom": "a01", "colour": "blue"}""");
        var (options, problems) = DriverOptionsBinder.Bind<Hd44780DisplayOptions>(doc.RootElement, null);
        Assert.Null(options);
        Assert.Contains(problems, p => p.Path == "options.rom");
        Assert.Contains(problems, p => p.Path == "options.colour");
    }
}
