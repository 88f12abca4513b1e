using KioskRuntime.Devices;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.Transports;
using KioskRuntime.Scanners;
using KioskRuntime.Scanners.Discovery;
using KioskRuntime.Scanners.Evdev;
using KioskRuntime.Scanners.Hid;
using KioskRuntime.Scanners.Serial;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Hardware.Drivers;

/// <summary>Registers the drivers for real hardware: scanners over hidraw, evdev and serial; printers over TCP 9100 and usblp.</summary>
public static class HardwareDrivers
{
    public static DriverRegistry AddScannerDrivers(this DriverRegistry registry) => registry
        .Add(Scanner<HidrawScannerOptions>("hidraw", (d, o, c) =>
            new HidrawScanner(d.Name, o, c.ScanSink, c.Time, c.LoggerFactory.CreateLogger<HidrawScanner>(), Discovery(c))))
        .Add(Scanner<EvdevScannerOptions>("evdev", (d, o, c) =>
            new EvdevKeyboardScanner(d.Name, o, c.ScanSink, c.Time, c.LoggerFactory.CreateLogger<EvdevKeyboardScanner>(), Discovery(c))))
        .Add(Scanner<SerialScannerOptions>("serial", (d, o, c) =>
            new SerialScanner(d.Name, o, c.ScanSink, c.Time, c.LoggerFactory.CreateLogger<SerialScanner>())));

    public static DriverRegistry AddPrinterDrivers(this DriverRegistry registry) => registry
        .Add(new DriverFactory(
            DeviceKind.Printer,
            "tcp9100",
            d => ValidatePrinter(d, () => TcpOptions(d)),
            (d, c) => new Tcp9100Printer(d.Name, TcpOptions(d), Capabilities(d), c.Time)))
        .Add(new DriverFactory(
            DeviceKind.Printer,
            "usblp",
            d => ValidatePrinter(d, () => UsbOptions(d)),
            (d, c) => new UsbLpPrinter(d.Name, UsbOptions(d), Capabilities(d), c.Time)))
        .Add(new DriverFactory(
            DeviceKind.Printer,
            "serial",
            d => ValidatePrinter(d, () => SerialOptions(d), "baudRate", "rtsCts")
                .Concat(DriverOptions.CheckInt(d.Options, "baudRate", 1200, 921600)),
            (d, c) => new SerialPrinter(d.Name, SerialOptions(d), Capabilities(d), c.Time)));

    /// <summary>sysfs and /dev roots for discovery: <c>KIOSK_SYSFS_ROOT</c> and <c>KIOSK_DEV_ROOT</c> let a test or a container point them elsewhere.</summary>
    private static SysfsScannerDiscovery Discovery(DeviceContext c) => new(
        Environment.GetEnvironmentVariable("KIOSK_SYSFS_ROOT") is { Length: > 0 } sys ? sys : "/sys",
        Environment.GetEnvironmentVariable("KIOSK_DEV_ROOT") is { Length: > 0 } dev ? dev : "/dev");

    private static DriverFactory Scanner<T>(string driver, Func<DeviceConfig, T, DeviceContext, IDevice> create)
        where T : ScannerNodeOptions => new(
        DeviceKind.Scanner,
        driver,
        d =>
        {
            var (options, problems) = OptionsBinding.Bind<T>(d, "path");
            return options is null ? problems : problems.Concat(OptionsBinding.FromDriverProblems(options.Validate(), "path"));
        },
        (d, c) => create(d, OptionsBinding.Bind<T>(d, "path").Options!, c));

    private static readonly string[] PrinterProfileOptions = ["capabilities", "paperWidthMm", "columns"];

    private static PrinterCapabilities Capabilities(DeviceConfig d) => PrinterCapabilities.Get(DriverOptions.String(d.Options, "capabilities") ?? "default");

    private static Tcp9100PrinterOptions TcpOptions(DeviceConfig d)
    {
        var (host, port) = SplitHostPort(d.Path ?? "");
        return new Tcp9100PrinterOptions { Host = host, Port = port, Timing = Timing(d) }.Validate();
    }

    private static UsbLpPrinterOptions UsbOptions(DeviceConfig d) => new UsbLpPrinterOptions { DevicePath = d.Path ?? "", Timing = Timing(d) }.Validate();

    private static SerialPrinterOptions SerialOptions(DeviceConfig d) => new SerialPrinterOptions
    {
        DevicePath = d.Path ?? "",
        BaudRate = DriverOptions.Int(d.Options, "baudRate") ?? 9600,
        RtsCts = !d.Options.TryGetProperty("rtsCts", out var rts) || rts.ValueKind != System.Text.Json.JsonValueKind.False,
        Timing = Timing(d),
    }.Validate();

    private static PrinterHostOptions Timing(DeviceConfig d) => new()
    {
        TrustWritesWithoutStatus = d.Options.TryGetProperty("trustWritesWithoutStatus", out var t) && t.ValueKind == System.Text.Json.JsonValueKind.True,
        PacingChunkBytes = DriverOptions.Int(d.Options, "pacingChunkBytes") ?? 0,
    };

    private static IEnumerable<(string Path, string Message)> ValidatePrinter(DeviceConfig d, Func<object> build, params string[] driverOptions)
    {
        var problems = DriverOptions.RequirePath(d)
            .Concat(DriverOptions.AllowOnly(d.Options, [.. PrinterProfileOptions, "trustWritesWithoutStatus", "pacingChunkBytes", .. driverOptions]))
            .Concat(SimulatedDrivers.CheckCapabilities(d.Options))
            .Concat(DriverOptions.CheckInt(d.Options, "pacingChunkBytes", 0, 1 << 20))
            .ToList();
        if (problems.Count == 0)
        {
            try
            {
                _ = build();
            }
            catch (ArgumentException e)
            {
                problems.Add(("path", e.Message));
            }
        }

        return problems;
    }

    /// <summary><c>192.168.1.50</c>, <c>192.168.1.50:9100</c> or <c>printer.local:9101</c>.</summary>
    private static (string Host, int Port) SplitHostPort(string path)
    {
        var colon = path.LastIndexOf(':');
        return colon > 0 && int.TryParse(path[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            ? (path[..colon], port)
            : (path, 9100);
    }
}
