using KioskRuntime.Devices;
using KioskRuntime.Devices.Drivers;
using KioskRuntime.Peripherals.Display;
using KioskRuntime.Peripherals.Gpio;
using KioskRuntime.Peripherals.Nfc;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Peripherals.Drivers;

/// <summary>Registers this project's drivers: GPIO light, door lock, buzzer and inputs; the HD44780 display; the PN532 NFC reader.</summary>
public static class PeripheralDrivers
{
    public static DriverRegistry AddPeripheralDrivers(this DriverRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Add(DriverFactory.For<GpioOutputDriverOptions>(DeviceKind.Light, GpioStatusLight.DriverName, (d, o, c) =>
                new GpioStatusLight(d.Name, o.ToLightOptions(), c.Time, c.LoggerFactory.CreateLogger<GpioStatusLight>())))
            .Add(DriverFactory.For<GpioDoorLockDriverOptions>(DeviceKind.DoorLock, GpioDoorLock.DriverName, (d, o, c) =>
                new GpioDoorLock(d.Name, o.ToDoorLockOptions(), c.Time, c.LoggerFactory.CreateLogger<GpioDoorLock>())))
            .Add(DriverFactory.For<GpioOutputDriverOptions>(DeviceKind.Buzzer, GpioBuzzer.DriverName, (d, o, c) =>
                new GpioBuzzer(d.Name, o.ToBuzzerOptions(), c.Time, c.LoggerFactory.CreateLogger<GpioBuzzer>())))
            .Add(DriverFactory.For<GpioInputsDriverOptions>(DeviceKind.Sensors, GpioInputs.DriverName, (d, o, c) =>
                new GpioInputs(d.Name, o.ToInputsOptions(), c.Time, c.LoggerFactory.CreateLogger<GpioInputs>())))
            .Add(DriverFactory.For<Hd44780DisplayOptions>(DeviceKind.Display, Hd44780Display.DriverName, (d, o, c) =>
                new Hd44780Display(d.Name, o, c.Time, c.LoggerFactory.CreateLogger<Hd44780Display>())))
            .Add(DriverFactory.For<Pn532DriverOptions>(DeviceKind.Nfc, Pn532Reader.DriverName, (d, o, c) =>
                new Pn532Reader(d.Name, o.ToReaderOptions() with { UidSaltFile = c.Resolve(o.UidSaltFile) }, c.Time, c.LoggerFactory.CreateLogger<Pn532Reader>())));
    }
}
