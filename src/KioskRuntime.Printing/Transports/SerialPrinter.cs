using KioskRuntime.Devices;
using KioskRuntime.Printing.EscPos;

namespace KioskRuntime.Printing.Transports;

/// <summary>Serial port settings for an RS-232 (or USB-serial) ESC/POS printer.</summary>
internal sealed record SerialPrinterOptions
{
    /// <summary>The tty, e.g. <c>/dev/ttyUSB0</c> (better: a udev symlink).</summary>
    public required string DevicePath { get; init; }

    /// <summary>9600 (most printers' factory setting), 19200, 38400, 57600 or 115200.</summary>
    public int BaudRate { get; init; } = 9600;

    /// <summary>RTS/CTS hardware flow control; without it a long job can overflow the printer's buffer (use pacing then).</summary>
    public bool RtsCts { get; init; } = true;

    public PrinterHostOptions Timing { get; init; } = new();

    public SerialPrinterOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(DevicePath) || !DevicePath.StartsWith('/'))
        {
            throw new ArgumentException($"DevicePath must be an absolute path, got '{DevicePath}'.", nameof(DevicePath));
        }

        if (BaudRate is not (9600 or 19200 or 38400 or 57600 or 115200))
        {
            throw new ArgumentException($"BaudRate must be 9600, 19200, 38400, 57600 or 115200, got {BaudRate}.", nameof(BaudRate));
        }

        Timing.Validate();
        return this;
    }
}

/// <summary>
/// A serial ESC/POS printer: raw 8N1 through termios, RTS/CTS optional, with the same job and status rules as
/// <see cref="Tcp9100Printer"/> (DLE EOT before the job, GS r 1 fence after it); reopens the port when it disappears. Thread-safe.
/// </summary>
internal sealed class SerialPrinter : IReceiptPrinter
{
    private readonly EscPosPrinterHost _host;

    public SerialPrinter(string name, SerialPrinterOptions options, PrinterCapabilities capabilities, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(capabilities);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _host = new EscPosPrinterHost(name, "serial", _ => Task.FromResult(DeviceFileLink.OpenSerial(options.DevicePath, options.BaudRate, options.RtsCts)),
            capabilities.Status, options.Timing, time);
    }

    public string Name => _host.Name;

    public DeviceKind Kind => DeviceKind.Printer;

    public string Driver => _host.Driver;

    public DeviceStatus Status => _host.Status;

    public ProgressBeacon Progress => _host.Progress;

    public PrinterCondition Condition => _host.Condition;

    public Task RunAsync(CancellationToken stoppingToken) => _host.RunAsync(stoppingToken);

    public Task<PrintResult> PrintAsync(PrintJob job, CancellationToken cancellationToken) => _host.PrintAsync(job, cancellationToken);
}
