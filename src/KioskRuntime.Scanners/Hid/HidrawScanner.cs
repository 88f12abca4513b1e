using System.Text;
using KioskRuntime.Devices;
using KioskRuntime.Linux;
using KioskRuntime.Scanners.Discovery;
using KioskRuntime.Scanners.Interop;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Scanners.Hid;

/// <summary>
/// The <c>hidraw</c> driver: a HID POS bar code scanner (usage page 0x8C) read through <c>/dev/hidrawN</c>. The report layout comes
/// from the report descriptor (options, HIDIOCGRDESC, or sysfs, in that order), continued reports are joined, and the bytes are the
/// data (no keyboard layout involved). Beeps go out through the descriptor's output report. Thread-safe as <see cref="IDevice"/> requires.
/// </summary>
public sealed class HidrawScanner : IBarcodeScanner
{
    private readonly HidrawScannerOptions _options;
    private readonly SysfsScannerDiscovery _discovery;
    private readonly ILogger _logger;
    private readonly DeviceNodeLoop _loop;

    public HidrawScanner(
        string name, HidrawScannerOptions options, IScanSink sink, TimeProvider time, ILogger<HidrawScanner> logger,
        SysfsScannerDiscovery? discovery = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        options.ThrowIfInvalid(name, "hidraw");

        Name = name;
        _options = options;
        _logger = logger;
        _discovery = discovery ?? new SysfsScannerDiscovery();
        Progress = new ProgressBeacon(time);
        _loop = new DeviceNodeLoop(
            name, Driver, Open, sink, time, logger, Progress, TimeSpan.FromMilliseconds(options.ReconnectIntervalMs),
            TimeSpan.FromMilliseconds(Math.Min(100, options.ContinuationTimeoutMs / 2)));
    }

    public string Name { get; }

    public DeviceKind Kind => DeviceKind.Scanner;

    public string Driver => "hidraw";

    public DeviceStatus Status => _loop.Status;

    public ProgressBeacon Progress { get; }

    public Task RunAsync(CancellationToken stoppingToken) => _loop.RunAsync(stoppingToken);

    public ValueTask SignalAsync(ScanFeedback feedback, CancellationToken cancellationToken)
    {
        bool wanted = feedback == ScanFeedback.GoodRead ? _options.BeepOnGoodRead : _options.BeepOnError;
        if (!wanted || _loop.Current is not Session session)
        {
            return ValueTask.CompletedTask;
        }

        byte[]? report = session.Layout.Output?.BuildReport(errorBeep: feedback == ScanFeedback.Error);
        if (report is null)
        {
            ScannerLog.FeedbackFailed(_logger, Name, feedback, "the report descriptor declares no such beep output");
            return ValueTask.CompletedTask;
        }

        try
        {
            if (!session.File.Write(report))
            {
                ScannerLog.FeedbackFailed(_logger, Name, feedback, "the device is busy (EAGAIN)");
            }
        }
        catch (ErrnoException ex)
        {
            ScannerLog.FeedbackFailed(_logger, Name, feedback, ex.Message);
        }
        catch (ObjectDisposedException)
        {
            // The node went away between looking and writing; the loop reports it.
        }

        return ValueTask.CompletedTask;
    }

    private IScanSession Open()
    {
        string path = _options.Path ?? _discovery.Match(_options, Driver)?.HidrawPath
            ?? throw new ScannerNotPresentException($"no HID POS hidraw interface with USB id {_options.VendorId}:{_options.ProductId} in sysfs");
        DeviceFile file = DeviceFile.Open(path);
        try
        {
            CheckIdentity(file);
            HidPosLayout layout = ResolveLayout(file);
            Encoding encoding = _options.DataEncoding == "utf-8" ? new UTF8Encoding(false, false) : Encoding.Latin1;
            return new Session(file, layout, encoding, TimeSpan.FromMilliseconds(_options.ContinuationTimeoutMs));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>HIDIOCGRAWINFO: when the profile names both a path and USB ids, the node must be that device.</summary>
    private void CheckIdentity(DeviceFile file)
    {
        if (!file.TryGetRawInfo(out uint bus, out ushort vendor, out ushort product, out _))
        {
            return; // not a hidraw node (a FIFO in tests): nothing to check
        }

        if (_options.UsbIds is var (v, p) && (v != vendor || p != product))
        {
            throw new ScannerSetupException($"{file.Path} is {vendor:x4}:{product:x4} (bus {bus}), the profile expects {v:x4}:{p:x4}");
        }
    }

    private HidPosLayout ResolveLayout(DeviceFile file)
    {
        byte[]? descriptor = null;
        string source;
        if (_options.ReportDescriptorHex is string hex)
        {
            descriptor = Convert.FromHexString(hex);
            source = "the profile";
        }
        else if (file.TryGetReportDescriptor(out byte[] fromIoctl, out int errno))
        {
            descriptor = fromIoctl;
            source = "HIDIOCGRDESC";
        }
        else
        {
            descriptor = _discovery.ReadReportDescriptor(file.Path);
            source = descriptor is null ? $"nowhere (HIDIOCGRDESC: {Errno.Name(errno)}, no sysfs report_descriptor)" : "sysfs";
        }

        string problem;
        if (descriptor is null)
        {
            problem = $"no report descriptor: read from {source}";
        }
        else if (!HidDescriptorParser.TryParse(descriptor, out HidReportDescriptor? parsed, out string? error))
        {
            problem = $"report descriptor from {source}: {error}";
        }
        else if (!HidPosLayout.TryFrom(parsed!, out HidPosLayout? layout, out string? reason))
        {
            problem = $"report descriptor from {source}: {reason}";
        }
        else
        {
            return layout!;
        }

        if (_options.Fallback == HidPosFallback.Honeywell64)
        {
            ScannerLog.Note(_logger, Name, $"{problem}; using the Honeywell 64-byte layout");
            return HidPosLayout.Honeywell64;
        }

        throw new ScannerSetupException($"{file.Path}: {problem}");
    }

    private sealed class Session(DeviceFile file, HidPosLayout layout, Encoding encoding, TimeSpan continuationTimeout) : IScanSession
    {
        private readonly HidPosReportAssembler _assembler = new(layout);

        public DeviceFile File => file;

        public HidPosLayout Layout => layout;

        public int ReadSize => layout.InputReportLength;

        public string? Warning => null;

        public void OnData(ReadOnlySpan<byte> data, List<ScanOutput> outputs)
        {
            HidPosReportResult r = _assembler.Accept(data);
            if (r.Outcome == HidPosReportOutcome.Complete)
            {
                outputs.Add(ScanOutput.Code(encoding.GetString(r.Data!), r.SymbologyId));
            }
            else if (r.Outcome == HidPosReportOutcome.Rejected)
            {
                outputs.Add(ScanOutput.Reject(r.Reason!));
            }
        }

        public void OnIdle(TimeSpan sinceLastData, List<ScanOutput> outputs)
        {
            if (sinceLastData >= continuationTimeout && _assembler.Abandon() is HidPosReportResult r)
            {
                outputs.Add(ScanOutput.Reject(r.Reason!));
            }
        }

        public void Dispose() => file.Dispose();
    }
}
