using System.Globalization;
using KioskRuntime.Devices;
using KioskRuntime.Devices.Drivers;
using KioskRuntime.Printing.Transports;

namespace KioskRuntime.Printing.Drivers;

/// <summary>Registers this project's printer drivers: <c>tcp9100</c>, <c>usblp</c> and <c>serial</c>. The device's <c>path</c> is the printer.</summary>
public static class PrinterDrivers
{
    public static DriverRegistry AddPrinterDrivers(this DriverRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Add(DriverFactory.For<PrinterLinkOptions>(
                DeviceKind.Printer, "tcp9100", (d, o, c) => new Tcp9100Printer(d.Name, TcpOptions(d, o), o.Model, c.Time), checkDevice: (d, o) => CheckPath(d, o is null ? null : () => TcpOptions(d, o))))
            .Add(DriverFactory.For<PrinterLinkOptions>(
                DeviceKind.Printer, "usblp", (d, o, c) => new UsbLpPrinter(d.Name, UsbOptions(d, o), o.Model, c.Time), checkDevice: (d, o) => CheckPath(d, o is null ? null : () => UsbOptions(d, o))))
            .Add(DriverFactory.For<SerialPrinterLinkOptions>(
                DeviceKind.Printer, "serial", (d, o, c) => new SerialPrinter(d.Name, SerialOptions(d, o), o.Model, c.Time), checkDevice: (d, o) => CheckPath(d, o is null ? null : () => SerialOptions(d, o))));
    }

    private static Tcp9100PrinterOptions TcpOptions(DeviceConfig d, PrinterLinkOptions o)
    {
        var (host, port) = SplitHostPort(d.Path ?? "");
        return new Tcp9100PrinterOptions { Host = host, Port = port, Timing = o.Timing }.Validate();
    }

    private static UsbLpPrinterOptions UsbOptions(DeviceConfig d, PrinterLinkOptions o) =>
        new UsbLpPrinterOptions { DevicePath = d.Path ?? "", Timing = o.Timing }.Validate();

    private static SerialPrinterOptions SerialOptions(DeviceConfig d, SerialPrinterLinkOptions o) =>
        new SerialPrinterOptions { DevicePath = d.Path ?? "", BaudRate = o.BaudRate, RtsCts = o.RtsCts, Timing = o.Timing }.Validate();

    private static IEnumerable<(string Path, string Message)> CheckPath(DeviceConfig d, Func<object>? build)
    {
        if (string.IsNullOrWhiteSpace(d.Path))
        {
            return [("path", "required for this driver")];
        }

        if (build is null)
        {
            return [];
        }

        try
        {
            _ = build();
            return [];
        }
        catch (ArgumentException e)
        {
            return [("path", e.Message)];
        }
    }

    /// <summary><c>192.168.1.50</c>, <c>192.168.1.50:9100</c> or <c>printer.local:9101</c>.</summary>
    private static (string Host, int Port) SplitHostPort(string path)
    {
        var colon = path.LastIndexOf(':');
        return colon > 0 && int.TryParse(path[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? (path[..colon], port)
            : (path, 9100);
    }
}
