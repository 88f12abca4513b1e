using KioskRuntime.Devices;
using KioskRuntime.Peripherals.Display;
using KioskRuntime.Peripherals.Gpio;
using KioskRuntime.Peripherals.Nfc;

namespace KioskRuntime.Peripherals.Tests;

/// <summary>
/// The public constructors open real hardware (libgpiod, /dev/i2c-N, a serial port). On a machine without it they must report a
/// status, never throw out of RunAsync.
/// </summary>
public sealed class ProductionPathTests : IDisposable
{
    private readonly string _sys = Directory.CreateTempSubdirectory("sysfs-").FullName;
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => Directory.Delete(_sys, recursive: true);

    private static async Task<DeviceStatus> RunOnce(IDevice device)
    {
        using var stop = new CancellationTokenSource();
        var run = device.RunAsync(stop.Token);
        await Wait.Until(() => device.Status.State != DeviceState.Starting);
        var status = device.Status;
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        return status;
    }

    [Fact]
    public async Task A_light_on_a_chip_label_that_is_not_there_fails_with_the_labels_that_are()
    {
        Directory.CreateDirectory(Path.Combine(_sys, "bus/gpio/devices/gpiochip0"));
        File.WriteAllText(Path.Combine(_sys, "bus/gpio/devices/gpiochip0/label"), "pinctrl-bcm2711\n");
        var light = new GpioStatusLight("light", new GpioStatusLightOptions { ChipLabel = "pinctrl-rp1", SysRoot = _sys, Output = new GpioOutputLine(17) }, _time, new TestLogger<GpioStatusLight>());
        var status = await RunOnce(light);
        Assert.Equal(DeviceState.Failed, status.State);
        Assert.Contains("gpiochip0=pinctrl-bcm2711", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_light_on_a_chip_this_machine_cannot_open_reports_instead_of_throwing()
    {
        Directory.CreateDirectory(Path.Combine(_sys, "bus/gpio/devices/gpiochip77"));
        File.WriteAllText(Path.Combine(_sys, "bus/gpio/devices/gpiochip77/label"), "pinctrl-rp1\n");
        var light = new GpioStatusLight("light", new GpioStatusLightOptions { ChipLabel = "pinctrl-rp1", SysRoot = _sys, Output = new GpioOutputLine(17) }, _time, new TestLogger<GpioStatusLight>());
        var status = await RunOnce(light);
        Assert.Contains(status.State, new[] { DeviceState.Failed, DeviceState.Disconnected });
        Assert.False(string.IsNullOrEmpty(status.Detail));
    }

    [Fact]
    public async Task A_display_on_a_missing_i2c_bus_reports_disconnected()
    {
        var display = new Hd44780Display("display", new Hd44780DisplayOptions { I2cBus = 77 }, _time, new TestLogger<Hd44780Display>());
        var status = await RunOnce(display);
        Assert.Equal(DeviceState.Disconnected, status.State);
        Assert.Contains("i2c-77", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_card_reader_on_a_missing_serial_port_reports_instead_of_throwing()
    {
        string salt = Path.Combine(_sys, "salt");
        File.WriteAllText(salt, "0123456789abcdef0123\n");
        var reader = new Pn532Reader("nfc", new Pn532ReaderOptions { UidSaltFile = salt, SerialPort = "/dev/ttyNOPE0" }, _time, new TestLogger<Pn532Reader>());
        var status = await RunOnce(reader);
        Assert.Contains(status.State, new[] { DeviceState.Failed, DeviceState.Disconnected });
    }

    [Fact]
    public async Task A_card_reader_without_its_salt_file_fails()
    {
        var reader = new Pn532Reader("nfc", new Pn532ReaderOptions { UidSaltFile = Path.Combine(_sys, "missing") }, _time, new TestLogger<Pn532Reader>());
        Assert.Equal(DeviceState.Failed, (await RunOnce(reader)).State);
    }
}
