using KioskRuntime.Devices;
using KioskRuntime.Printing.EscPos;

namespace KioskRuntime.Printing.Transports;

/// <summary>Where a USB printer-class printer is.</summary>
internal sealed record UsbLpPrinterOptions
{
    /// <summary>The usblp node, e.g. <c>/dev/usb/lp0</c> (better: a udev symlink such as <c>/dev/receipt-printer</c>).</summary>
    public required string DevicePath { get; init; }

    public PrinterHostOptions Timing { get; init; } = new();

    public UsbLpPrinterOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(DevicePath) || !DevicePath.StartsWith('/'))
        {
            throw new ArgumentException($"DevicePath must be an absolute path, got '{DevicePath}'.", nameof(DevicePath));
        }

        Timing.Validate();
        return this;
    }
}

/// <summary>
/// A USB printer-class ESC/POS printer through the kernel's usblp driver (<c>/dev/usb/lpN</c>): the same job and status rules
/// as <see cref="Tcp9100Printer"/> (DLE EOT before the job, GS r 1 fence after it), reopening the node when the printer is
/// unplugged. <see cref="TryReadDeviceId"/> reads the IEEE-1284 id to suggest a capability profile. Thread-safe.
/// </summary>
internal sealed class UsbLpPrinter : IReceiptPrinter
{
    private readonly EscPosPrinterHost _host;

    public UsbLpPrinter(string name, UsbLpPrinterOptions options, PrinterCapabilities capabilities, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(capabilities);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _host = new EscPosPrinterHost(name, "usblp", _ => Task.FromResult(DeviceFileLink.Open(options.DevicePath)), capabilities.Status, options.Timing, time);
    }

    public string Name => _host.Name;

    public DeviceKind Kind => DeviceKind.Printer;

    public string Driver => _host.Driver;

    public DeviceStatus Status => _host.Status;

    public ProgressBeacon Progress => _host.Progress;

    public PrinterCondition Condition => _host.Condition;

    public Task RunAsync(CancellationToken stoppingToken) => _host.RunAsync(stoppingToken);

    public Task<PrintResult> PrintAsync(PrintJob job, CancellationToken cancellationToken) => _host.PrintAsync(job, cancellationToken);

    /// <summary>Reads the IEEE-1284 device id with LPIOC_GET_DEVICE_ID; <paramref name="error"/> says why not (errno, call, path).</summary>
    public static bool TryReadDeviceId(string devicePath, out Ieee1284DeviceId? id, out string? error)
    {
        ArgumentNullException.ThrowIfNull(devicePath);
        return DeviceFileLink.TryReadDeviceId(devicePath, out id, out error);
    }
}
