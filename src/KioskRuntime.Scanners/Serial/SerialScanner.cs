using System.Text;
using KioskRuntime.Devices;
using KioskRuntime.Linux;
using KioskRuntime.Scanners.Interop;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Scanners.Serial;

/// <summary>
/// The <c>serial</c> driver: a scanner on a tty (CDC-ACM <c>/dev/ttyACM*</c>, USB-serial <c>/dev/ttyUSB*</c>, a pty in tests), set to
/// raw 8N1 at the configured baud, codes cut by suffix. Serial scanners take no standard beep command, so feedback is a no-op.
/// Thread-safe as <see cref="IDevice"/> requires.
/// </summary>
internal sealed class SerialScanner : IBarcodeScanner
{
    private readonly SerialScannerOptions _options;
    private readonly ILogger _logger;
    private readonly DeviceNodeLoop _loop;

    public SerialScanner(string name, SerialScannerOptions options, IScanSink sink, TimeProvider time, ILogger<SerialScanner> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        options.ThrowIfInvalid(name, "serial");

        Name = name;
        _options = options;
        _logger = logger;
        Progress = new ProgressBeacon(time);
        _loop = new DeviceNodeLoop(
            name, Driver, Open, sink, time, logger, Progress, TimeSpan.FromMilliseconds(options.ReconnectIntervalMs),
            TimeSpan.FromMilliseconds(Math.Min(100, options.PartialTimeoutMs / 3)));
    }

    public string Name { get; }

    public DeviceKind Kind => DeviceKind.Scanner;

    public string Driver => "serial";

    public DeviceStatus Status => _loop.Status;

    public ProgressBeacon Progress { get; }

    public Task RunAsync(CancellationToken stoppingToken) => _loop.RunAsync(stoppingToken);

    public ValueTask SignalAsync(ScanFeedback feedback, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    private IScanSession Open()
    {
        DeviceFile file = DeviceFile.Open(_options.Path!);
        if (!file.TryConfigureSerial(_options.Baud, out int errno))
        {
            ScannerLog.Note(_logger, Name, $"{file.Path}: line settings not applied ({Errno.Name(errno)}); reading as is");
        }

        byte[] suffix = _options.SuffixHex is string hex ? Convert.FromHexString(hex) : [];
        var decoder = new SerialFrameDecoder(_options.Framing, suffix);
        Encoding encoding = _options.DataEncoding == "utf-8" ? new UTF8Encoding(false, false) : Encoding.Latin1;
        return new Session(file, decoder, encoding, _options);
    }

    private sealed class Session(DeviceFile file, SerialFrameDecoder decoder, Encoding encoding, SerialScannerOptions options) : IScanSession
    {
        private readonly List<(byte[]? Frame, string? Problem)> _frames = [];

        public DeviceFile File => file;

        public int ReadSize => 4096;

        public string? Warning => null;

        public void OnData(ReadOnlySpan<byte> data, List<ScanOutput> outputs)
        {
            decoder.Feed(data, _frames);
            foreach (var frame in _frames)
            {
                outputs.Add(ToOutput(frame, partial: false));
            }

            _frames.Clear();
        }

        public void OnIdle(TimeSpan sinceLastData, List<ScanOutput> outputs)
        {
            if (sinceLastData.TotalMilliseconds >= options.PartialTimeoutMs && decoder.Flush() is { } frame)
            {
                outputs.Add(ToOutput(frame, partial: options.Framing != SerialFraming.Silence));
            }
        }

        public void Dispose() => file.Dispose();

        private ScanOutput ToOutput((byte[]? Frame, string? Problem) frame, bool partial)
        {
            if (frame.Problem is string problem)
            {
                return ScanOutput.Reject(problem);
            }

            string text = encoding.GetString(frame.Frame!);
            if (partial)
            {
                return ScanOutput.Reject($"partial code without its {options.Framing} suffix after {options.PartialTimeoutMs} ms: '{text}'");
            }

            var (data, symbology) = AimIdentifier.Split(text, options.AimPrefix);
            return data.Length == 0 ? ScanOutput.Reject("empty code") : ScanOutput.Code(data, symbology);
        }
    }
}
