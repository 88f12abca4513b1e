using System.Device.Gpio;
using KioskRuntime.Devices;
using KioskRuntime.Peripherals.Gpio;
using KioskRuntime.Peripherals.Tests.Fakes;

namespace KioskRuntime.Peripherals.Tests;

public sealed class GpioDoorLockTests
{
    private const int Relay = 22;
    private readonly ManualTimeProvider _time = new();
    private readonly FakeGpioDriver _driver;

    public GpioDoorLockTests() => _driver = new FakeGpioDriver(_time);

    private GpioDoorLock Lock(bool activeLow = false) =>
        new("door", new GpioDoorLockOptions { ChipLabel = "pinctrl-rp1", Relay = new GpioOutputLine(Relay, activeLow) }, _time,
            new TestLogger<GpioDoorLock>(), () => new GpioController(_driver));

    [Fact]
    public async Task It_is_locked_from_the_start_and_unlocks_only_when_told_then_relocks_on_the_timer()
    {
        using var door = Lock();
        using var stop = new CancellationTokenSource();
        _ = door.RunAsync(stop.Token);
        Assert.Equal(PinValue.Low, _driver.Level(Relay));
        Assert.Equal(PinMode.Output, _driver.ModeOf(Relay));
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(PinValue.Low, _driver.Level(Relay));

        Assert.True(door.TryUnlock("sale 42 journaled"));
        Assert.True(door.IsUnlocked);
        Assert.Equal(PinValue.High, _driver.Level(Relay));
        _time.Advance(TimeSpan.FromMilliseconds(4999));
        Assert.Equal(PinValue.High, _driver.Level(Relay));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(PinValue.Low, _driver.Level(Relay));
        Assert.False(door.IsUnlocked);
        await stop.CancelAsync();
    }

    [Fact]
    public async Task The_hold_time_is_capped_and_a_second_unlock_extends_it()
    {
        using var door = Lock();
        using var stop = new CancellationTokenSource();
        _ = door.RunAsync(stop.Token);
        door.TryUnlock("staff 7", TimeSpan.FromMinutes(10));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(door.IsUnlocked);

        door.TryUnlock("sale 1");
        _time.Advance(TimeSpan.FromSeconds(4));
        door.TryUnlock("sale 2");
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.True(door.IsUnlocked);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(door.IsUnlocked);
        await stop.CancelAsync();
    }

    [Fact]
    public void Unlocking_before_the_line_is_open_refuses_and_stays_locked()
    {
        using var door = Lock();
        Assert.False(door.TryUnlock("sale 42"));
        Assert.False(door.IsUnlocked);
        Assert.Empty(_driver.Changes);
    }

    [Fact]
    public async Task Stopping_and_disposing_lock_the_door()
    {
        var door = Lock(activeLow: true);
        using var stop = new CancellationTokenSource();
        var run = door.RunAsync(stop.Token);
        Assert.Equal(PinValue.High, _driver.Level(Relay));
        door.TryUnlock("sale");
        Assert.Equal(PinValue.Low, _driver.Level(Relay));
        await stop.CancelAsync();
        _time.Advance(TimeSpan.FromSeconds(1));
        await run;
        Assert.Equal(DeviceState.Stopped, door.Status.State);
        Assert.False(door.IsUnlocked);
        Assert.Equal(PinValue.High, _driver.Level(Relay));
        Assert.Equal(PinValue.High, _driver.ChangesOf(Relay)[^1].Value);
        door.Dispose();
    }

    [Fact]
    public async Task A_fault_while_unlocking_leaves_it_locked_and_reported()
    {
        using var door = Lock();
        using var stop = new CancellationTokenSource();
        _ = door.RunAsync(stop.Token);
        _driver.FailWrites = true;
        Assert.False(door.TryUnlock("sale"));
        Assert.False(door.IsUnlocked);
        Assert.NotEqual(DeviceState.Ready, door.Status.State);
        Assert.Equal(PinValue.Low, _driver.Level(Relay));
        await stop.CancelAsync();
    }
}
