using KioskRuntime.Devices;
using KioskRuntime.Scanners.Discovery;
using KioskRuntime.Scanners.Hid;
using KioskRuntime.Scanners.Interop;
using KioskRuntime.Scanners.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace KioskRuntime.Scanners.Tests;

/// <summary>The real hidraw driver reading kernel-exact reports from a FIFO standing in for /dev/hidrawN.</summary>
public sealed class HidrawScannerTests : IDisposable
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

    private (HidrawScanner Scanner, Task Run, string Node) Start(HidrawScannerOptions options)
    {
        string node = Path.Combine(_dir, "hidraw0");
        DeviceNodes.MakeFifo(node);
        var scanner = new HidrawScanner(
            "scanner", options with { Path = node }, _sink, TimeProvider.System, NullLogger<HidrawScanner>.Instance,
            new SysfsScannerDiscovery(Path.Combine(_dir, "sys"), _dir));
        Task run = scanner.RunAsync(_stop.Token);
        DeviceNodes.WaitFor(scanner, DeviceState.Ready);
        return (scanner, run, node);
    }

    [Fact]
    public async Task Reports_through_the_node_reach_the_sink_with_AIM_ids_and_joined_continuations()
    {
        var (scanner, run, node) = Start(new HidrawScannerOptions { ReportDescriptorHex = HidPosFixtures.ScannerDescriptorHex });
        string gs1 = "0107038010001659" + "10" + new string('B', 20) + "\u001D" + "21" + new string('7', 20) + "\u001D" + "3103001250";

        DeviceNodes.Write(node, HidPosFixtures.Reports(HidPosFixtures.Ascii("7038010001659"))
            .Concat(HidPosFixtures.Reports(HidPosFixtures.Ascii(gs1), "]C1")));

        ScannedCode first = _sink.NextCode();
        Assert.Equal(("7038010001659", "]E0", "scanner"), (first.Data, first.SymbologyId, first.Source));
        ScannedCode second = _sink.NextCode();
        Assert.Equal((gs1, "]C1"), (second.Data, second.SymbologyId));

        _stop.Cancel();
        await run;
        Assert.Equal(DeviceState.Stopped, scanner.Status.State);
        Assert.True(scanner.Progress.Count > 0);
    }

    [Fact]
    public void A_bad_report_is_rejected_and_the_reader_goes_on()
    {
        var (_, _, node) = Start(new HidrawScannerOptions { ReportDescriptorHex = HidPosFixtures.ScannerDescriptorHex });
        byte[] bad = HidPosFixtures.Reports(HidPosFixtures.Ascii("1"))[0];
        bad[1] = 99;

        DeviceNodes.Write(node, [bad, .. HidPosFixtures.Reports(HidPosFixtures.Ascii("4006381333931"))]);

        Assert.Contains("says 99 bytes", _sink.NextRejected().Reason, StringComparison.Ordinal);
        Assert.Equal("4006381333931", _sink.NextCode().Data);
    }

    [Fact]
    public void A_continued_scan_that_never_ends_is_rejected_after_the_timeout()
    {
        var (_, _, node) = Start(new HidrawScannerOptions { ReportDescriptorHex = HidPosFixtures.ScannerDescriptorHex, ContinuationTimeoutMs = 100 });

        DeviceNodes.Write(node, [HidPosFixtures.Reports(new byte[80])[0]]);

        Assert.Contains("without its last report", _sink.NextRejected().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_descriptor_the_Honeywell_fallback_reads_the_same_bytes()
    {
        // A FIFO answers HIDIOCGRDESC with ENOTTY and the fake sysfs has no report_descriptor: only the fallback can work.
        var (_, _, node) = Start(new HidrawScannerOptions { Fallback = HidPosFallback.Honeywell64 });

        DeviceNodes.Write(node, HidPosFixtures.Reports(HidPosFixtures.Ascii("5701234567899"), "]E0"));

        Assert.Equal("5701234567899", _sink.NextCode().Data);
    }

    [Fact]
    public void Without_a_descriptor_or_fallback_the_driver_fails_with_the_reason()
    {
        string node = Path.Combine(_dir, "hidraw0");
        DeviceNodes.MakeFifo(node);
        var scanner = new HidrawScanner(
            "scanner", new HidrawScannerOptions { Path = node }, _sink, TimeProvider.System, NullLogger<HidrawScanner>.Instance,
            new SysfsScannerDiscovery(Path.Combine(_dir, "sys"), _dir));
        _ = scanner.RunAsync(_stop.Token);

        DeviceNodes.WaitFor(scanner, DeviceState.Failed);
        Assert.Contains("no report descriptor", scanner.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("ENOTTY", scanner.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Good_read_and_error_feedback_write_the_output_report_to_the_node()
    {
        // A pty, not a FIFO: the driver would read its own output report back from a FIFO. Raw mode (set through the master)
        // so the bytes pass the line discipline unchanged.
        using var pty = PseudoTerminal.Open();
        Assert.True(pty.Master.TryConfigureSerial(9600, out int errno), $"tcsetattr on the pty master: errno {errno}");
        var scanner = new HidrawScanner(
            "scanner", new HidrawScannerOptions { Path = pty.SlavePath, ReportDescriptorHex = HidPosFixtures.ScannerDescriptorHex, BeepOnGoodRead = true },
            _sink, TimeProvider.System, NullLogger<HidrawScanner>.Instance, new SysfsScannerDiscovery(Path.Combine(_dir, "sys"), _dir));
        _ = scanner.RunAsync(_stop.Token);
        DeviceNodes.WaitFor(scanner, DeviceState.Ready);

        await scanner.SignalAsync(ScanFeedback.GoodRead, CancellationToken.None);
        await scanner.SignalAsync(ScanFeedback.Error, CancellationToken.None);

        var got = new List<byte>();
        var buffer = new byte[16];
        while (got.Count < 4 && pty.Master.Poll(10_000) == PollOutcome.Readable)
        {
            got.AddRange(buffer[..pty.Master.Read(buffer)]);
        }

        Assert.Equal(new byte[] { 0x04, 0x08, 0x04, 0x04 }, got);
    }

    [Fact]
    public void Invalid_options_are_refused_with_every_problem_named()
    {
        var options = new HidrawScannerOptions { VendorId = "xyz", ProductId = "0b61", DataEncoding = "ebcdic" };

        var ex = Assert.Throws<ArgumentException>(() => new HidrawScanner(
            "s", options, _sink, TimeProvider.System, NullLogger<HidrawScanner>.Instance));

        Assert.Contains("vendorId: 'xyz'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("dataEncoding: 'ebcdic'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_node_is_Disconnected_and_picked_up_when_it_appears()
    {
        string node = Path.Combine(_dir, "hidraw9");
        var scanner = new HidrawScanner(
            "scanner", new HidrawScannerOptions { Path = node, ReportDescriptorHex = HidPosFixtures.ScannerDescriptorHex }, _sink,
            TimeProvider.System, NullLogger<HidrawScanner>.Instance, new SysfsScannerDiscovery(Path.Combine(_dir, "sys"), _dir));
        _ = scanner.RunAsync(_stop.Token);

        DeviceNodes.WaitFor(scanner, DeviceState.Disconnected);
        Assert.Contains("ENOENT", scanner.Status.Detail, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => { _ = scanner.RunAsync(_stop.Token); });

        DeviceNodes.MakeFifo(node);
        DeviceNodes.WaitFor(scanner, DeviceState.Ready);
        DeviceNodes.Write(node, HidPosFixtures.Reports(HidPosFixtures.Ascii("96385074"), "]E4"));
        Assert.Equal(("96385074", "]E4"), _sink.NextCode() is var c ? (c.Data, c.SymbologyId) : default);
    }
}
