using KioskRuntime.Devices;
using KioskRuntime.Devices.Drivers;
using KioskRuntime.Scanners.Discovery;
using KioskRuntime.Scanners.Evdev;
using KioskRuntime.Scanners.Hid;
using KioskRuntime.Scanners.Serial;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Scanners;

/// <summary>Registers this project's scanner drivers: <c>hidraw</c> (HID POS), <c>evdev</c> (keyboard wedge) and <c>serial</c>.</summary>
public static class ScannerDrivers
{
    public static DriverRegistry AddScannerDrivers(this DriverRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Add(DriverFactory.For<HidrawScannerOptions>(DeviceKind.Scanner, "hidraw", (d, o, c) =>
                new HidrawScanner(d.Name, o, c.ScanSink, c.Time, c.LoggerFactory.CreateLogger<HidrawScanner>(), Discovery()), "path"))
            .Add(DriverFactory.For<EvdevScannerOptions>(DeviceKind.Scanner, "evdev", (d, o, c) =>
                new EvdevKeyboardScanner(d.Name, o, c.ScanSink, c.Time, c.LoggerFactory.CreateLogger<EvdevKeyboardScanner>(), Discovery()), "path"))
            .Add(DriverFactory.For<SerialScannerOptions>(DeviceKind.Scanner, "serial", (d, o, c) =>
                new SerialScanner(d.Name, o, c.ScanSink, c.Time, c.LoggerFactory.CreateLogger<SerialScanner>()), "path"));
    }

    /// <summary>sysfs and /dev roots for discovery: <c>KIOSK_SYSFS_ROOT</c> and <c>KIOSK_DEV_ROOT</c> let a test or a container point them elsewhere.</summary>
    private static SysfsScannerDiscovery Discovery() => new(
        Environment.GetEnvironmentVariable("KIOSK_SYSFS_ROOT") is { Length: > 0 } sys ? sys : "/sys",
        Environment.GetEnvironmentVariable("KIOSK_DEV_ROOT") is { Length: > 0 } dev ? dev : "/dev");
}
