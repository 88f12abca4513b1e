using KioskRuntime.Devices;
using KioskRuntime.Scanners.Discovery;
using KioskRuntime.Scanners.Evdev;
using KioskRuntime.Scanners.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace KioskRuntime.Scanners.Tests;

/// <summary>The real evdev driver reading input_event records (with the EV_MSC/EV_SYN noise) from a FIFO standing in for /dev/input/eventN.</summary>
public sealed class EvdevKeyboardScannerTests : IDisposable
{
    private readonly string _dir = DeviceNodes.TempDir();
    private readonly CancellationTokenSource _stop = new();
    private readonly RecordingSink _sink = new();

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Start(EvdevScannerOptions options)
    {
        string node = Path.Combine(_dir, "event3");
        DeviceNodes.MakeFifo(node);
        var scanner = new EvdevKeyboardScanner(
            "wedge", options with { Path = node }, _sink, TimeProvider.System, NullLogger<EvdevKeyboardScanner>.Instance,
            new SysfsScannerDiscovery(Path.Combine(_dir, "sys"), _dir));
        _ = scanner.RunAsync(_stop.Token);
        DeviceNodes.WaitFor(scanner, DeviceState.Ready);
        return node;
    }

    [Theory]
    [InlineData("24")]
    [InlineData("16")]
    public void Key_events_in_either_layout_become_a_scan_on_the_Norwegian_layout(string eventSize)
    {
        string node = Start(new EvdevScannerOptions { Layout = "no", EventSize = eventSize });
        int size = int.Parse(eventSize, System.Globalization.CultureInfo.InvariantCulture);
        IEnumerable<InputEvent> scan = Keys.Type("70380100")
            .Concat(Keys.Stroke(Keys.Semicolon))                 // ø on a Norwegian-programmed scanner
            .Concat(Keys.With(Keys.LeftShift, Keys.Key7))        // '/'
            .Concat(Keys.Stroke(Keys.Enter));
        byte[] bytes = Keys.Bytes(scan, size);

        // Split the write at an odd offset: a FIFO, unlike the kernel, may hand over half a record.
        DeviceNodes.Write(node, [bytes[..37], bytes[37..]]);

        ScannedCode code = _sink.NextCode();
        Assert.Equal("70380100ø/", code.Data);
        Assert.Null(code.SymbologyId);
    }

    [Fact]
    public void GS_and_an_AIM_prefix_come_through()
    {
        string node = Start(new EvdevScannerOptions { Layout = "us", EventSize = "24", AimPrefix = true });
        IEnumerable<InputEvent> scan = Keys.Stroke(Keys.RightBrace).Concat(Keys.With(Keys.LeftShift, 46)).Concat(Keys.Type("1"))
            .Concat(Keys.Type("0107038010001659"))
            .Concat(Keys.With(Keys.LeftCtrl, Keys.RightBrace))
            .Concat(Keys.Type("10123"))
            .Concat(Keys.Stroke(Keys.Enter));

        DeviceNodes.Write(node, [Keys.Bytes(scan, 24)]);

        ScannedCode code = _sink.NextCode();
        Assert.Equal(("0107038010001659\u001D10123", "]C1"), (code.Data, code.SymbologyId));
    }

    [Fact]
    public void An_unterminated_scan_is_rejected_after_the_partial_timeout()
    {
        string node = Start(new EvdevScannerOptions { Layout = "us", EventSize = "24", PartialTimeoutMs = 150 });

        DeviceNodes.Write(node, [Keys.Bytes(Keys.Type("123"), 24)]);

        ScanRejected rejected = _sink.NextRejected();
        Assert.Contains("partial scan", rejected.Reason, StringComparison.Ordinal);
        Assert.Contains("'123'", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unterminated_scan_is_delivered_when_the_profile_says_flush()
    {
        string node = Start(new EvdevScannerOptions { Layout = "us", EventSize = "24", PartialScan = PartialScanHandling.Flush });

        DeviceNodes.Write(node, [Keys.Bytes(Keys.Type("123"), 24)]);

        Assert.Equal("123", _sink.NextCode().Data);
    }

    [Fact]
    public void Options_name_unknown_layouts_and_event_sizes()
    {
        IReadOnlyList<string> problems = new EvdevScannerOptions { Path = "/dev/input/event3", Layout = "fr", EventSize = "32" }.Validate();

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("layout: 'fr'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("eventSize: '32'", StringComparison.Ordinal));
    }
}
