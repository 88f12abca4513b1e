using KioskRuntime.Devices;
using KioskRuntime.Printing.EscPos;

namespace KioskRuntime.Printing.Transports;

/// <summary>Where a network printer is and which profile it has.</summary>
internal sealed record Tcp9100PrinterOptions
{
    public required string Host { get; init; }

    public int Port { get; init; } = 9100;

    public PrinterHostOptions Timing { get; init; } = new();

    public Tcp9100PrinterOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("Host is empty.", nameof(Host));
        }

        if (Port is < 1 or > 65535)
        {
            throw new ArgumentException($"Port must be 1..65535, got {Port}.", nameof(Port));
        }

        Timing.Validate();
        return this;
    }
}

/// <summary>
/// A raw TCP (port 9100, "JetDirect") ESC/POS printer. Starts Offline and connects in the background with a timeout;
/// keepalive plus a DLE EOT heartbeat notice a pulled cable; reconnects with backoff. A job is sent only when the printer
/// says it is ready and ends with a GS r 1 fence: Printed when confirmed, Unknown when the connection broke or the printer
/// stopped mid-job (never retried silently), NotPrinted when nothing was sent. Thread-safe.
/// </summary>
internal sealed class Tcp9100Printer : IReceiptPrinter
{
    private readonly EscPosPrinterHost _host;

    public Tcp9100Printer(string name, Tcp9100PrinterOptions options, PrinterCapabilities capabilities, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(capabilities);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _host = new EscPosPrinterHost(name, "tcp9100", ct => TcpPrinterLink.ConnectAsync(options.Host, options.Port, time, ct), capabilities.Status, options.Timing, time);
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
