using KioskRuntime.Devices;
using KioskRuntime.Linux;
using KioskRuntime.Scanners.Discovery;
using KioskRuntime.Scanners.Interop;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Scanners.Evdev;

/// <summary>
/// The <c>evdev</c> driver: a scanner in keyboard-wedge mode read through <c>/dev/input/eventN</c>, grabbed (EVIOCGRAB) so scans do
/// not reach the console, decoded with the keyboard layout the scanner is programmed for. Works without the ioctls (FIFOs in tests).
/// Thread-safe as <see cref="IDevice"/> requires.
/// </summary>
public sealed class EvdevKeyboardScanner : IBarcodeScanner
{
    private readonly EvdevScannerOptions _options;
    private readonly SysfsScannerDiscovery _discovery;
    private readonly ILogger _logger;
    private readonly KeyboardLayout _layout;
    private readonly DeviceNodeLoop _loop;

    public EvdevKeyboardScanner(
        string name, EvdevScannerOptions options, IScanSink sink, TimeProvider time, ILogger<EvdevKeyboardScanner> logger,
        SysfsScannerDiscovery? discovery = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        options.ThrowIfInvalid(name, "evdev");

        Name = name;
        _options = options;
        _logger = logger;
        _discovery = discovery ?? new SysfsScannerDiscovery();
        KeyboardLayout.TryGet(options.Layout, out _layout);
        Progress = new ProgressBeacon(time);
        _loop = new DeviceNodeLoop(
            name, Driver, Open, sink, time, logger, Progress, TimeSpan.FromMilliseconds(options.ReconnectIntervalMs),
            TimeSpan.FromMilliseconds(Math.Min(100, options.PartialTimeoutMs / 3)));
    }

    public string Name { get; }

    public DeviceKind Kind => DeviceKind.Scanner;

    public string Driver => "evdev";

    public DeviceStatus Status => _loop.Status;

    public ProgressBeacon Progress { get; }

    public Task RunAsync(CancellationToken stoppingToken) => _loop.RunAsync(stoppingToken);

    /// <summary>A keyboard interface has no beeper the host can reach; feedback goes through other devices.</summary>
    public ValueTask SignalAsync(ScanFeedback feedback, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    private IScanSession Open()
    {
        string path = _options.Path ?? _discovery.Match(_options, Driver)?.EventPath
            ?? throw new ScannerNotPresentException($"no keyboard evdev interface with USB id {_options.VendorId}:{_options.ProductId} in sysfs");
        DeviceFile file = DeviceFile.Open(path);
        string? warning = null;
        if (file.TryGetEvdevName(out string kernelName, out _))
        {
            ScannerLog.Note(_logger, Name, $"{path} is '{kernelName}'");
        }

        if (_options.Grab && !file.TryGrab(true, out int errno))
        {
            if (errno == Errno.EBUSY)
            {
                warning = $"{path}: another process holds the grab (EVIOCGRAB: EBUSY); scans may not arrive";
            }
            else
            {
                ScannerLog.Note(_logger, Name, $"{path}: EVIOCGRAB not supported ({Errno.Name(errno)}); reading without a grab");
            }
        }

        var decoder = new KeyboardDecoder(_layout, _options.Terminator, _options.OemCodePage);
        return new Session(file, new InputEventFramer(_options.ResolvedEventSize), decoder, _options, warning);
    }

    private sealed class Session(
        DeviceFile file, InputEventFramer framer, KeyboardDecoder decoder, EvdevScannerOptions options, string? warning) : IScanSession
    {
        private readonly List<InputEvent> _events = new(64);

        public DeviceFile File => file;

        public int ReadSize => framer.EventSize * 64;

        public string? Warning => warning;

        public void OnData(ReadOnlySpan<byte> data, List<ScanOutput> outputs)
        {
            framer.Decode(data, _events);
            foreach (InputEvent e in _events)
            {
                if (decoder.Feed(e) is KeyboardScan scan)
                {
                    outputs.Add(ToOutput(scan, partial: false));
                }
            }

            _events.Clear();
        }

        public void OnIdle(TimeSpan sinceLastData, List<ScanOutput> outputs)
        {
            if (sinceLastData.TotalMilliseconds >= options.PartialTimeoutMs && decoder.HasPartial && decoder.Flush() is KeyboardScan scan)
            {
                outputs.Add(ToOutput(scan, partial: true));
            }
        }

        public void Dispose() => file.Dispose(); // closing the fd releases the grab

        private ScanOutput ToOutput(KeyboardScan scan, bool partial)
        {
            if (scan.IsRejected)
            {
                return ScanOutput.Reject($"{scan.Problem} (typed so far: '{Printable(scan.Text)}')");
            }

            if (partial && options.Terminator != ScanTerminator.None && options.PartialScan == PartialScanHandling.Reject)
            {
                return ScanOutput.Reject(
                    $"partial scan: no {options.Terminator} key within {options.PartialTimeoutMs} ms after '{Printable(scan.Text)}'");
            }

            var (data, symbology) = AimIdentifier.Split(scan.Text, options.AimPrefix);
            return ScanOutput.Code(data, symbology);
        }

        private static string Printable(string text) =>
            string.Concat(text.Select(c => char.IsControl(c) ? $"<{(int)c:X2}>" : c.ToString()));
    }
}
