using KioskRuntime.Devices;
using KioskRuntime.Scanners.Discovery;
using KioskRuntime.Scanners.Evdev;
using KioskRuntime.Scanners.Hid;
using KioskRuntime.Scanners.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace KioskRuntime.Scanners.Tests;

public sealed class SysfsScannerDiscoveryTests : IDisposable
{
    private readonly string _dir = DeviceNodes.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Enumerates_both_interfaces_pairs_evdev_with_hidraw_and_lists_HID_POS_first()
    {
        FakeSysfs fake = FakeSysfs.WithHoneywellScanner(_dir);

        IReadOnlyList<DiscoveredScanner> found = new SysfsScannerDiscovery(fake.Sys, fake.Dev).Enumerate();

        Assert.Equal(2, found.Count);
        DiscoveredScanner pos = found[0];
        Assert.Equal(ScannerInterfaceKind.HidPos, pos.Kind);
        Assert.Equal(Path.Combine(fake.Dev, "hidraw1"), pos.HidrawPath);
        Assert.Null(pos.EventPath);
        Assert.Equal(("0c2e:0b61", "21012B4C31", 1, "hidraw"), (pos.UsbId, pos.Serial, pos.InterfaceNumber, pos.SuggestedDriver));
        Assert.Equal("1900GSR-2", pos.Product);
        Assert.Equal(3u, pos.Bus);

        DiscoveredScanner keyboard = found[1];
        Assert.Equal(ScannerInterfaceKind.Keyboard, keyboard.Kind);
        Assert.Equal(Path.Combine(fake.Dev, "hidraw0"), keyboard.HidrawPath);
        Assert.Equal(Path.Combine(fake.Dev, "input", "event3"), keyboard.EventPath);
        Assert.Equal((0, 1), (keyboard.InterfaceNumber, keyboard.InterfaceProtocol));
        Assert.Equal("evdev", keyboard.SuggestedDriver);
    }

    [Fact]
    public void Matching_prefers_HID_POS_and_honours_serial_and_interface()
    {
        FakeSysfs fake = FakeSysfs.WithHoneywellScanner(_dir);
        var discovery = new SysfsScannerDiscovery(fake.Sys, fake.Dev);
        var byIds = new HidrawScannerOptions { VendorId = "0c2e", ProductId = "0b61" };

        Assert.Equal(Path.Combine(fake.Dev, "hidraw1"), discovery.Match(byIds, "hidraw")?.HidrawPath);
        Assert.Equal(Path.Combine(fake.Dev, "hidraw0"), discovery.Match(byIds with { InterfaceNumber = 0 }, "hidraw")?.HidrawPath);
        Assert.Equal("hidraw", discovery.Match(byIds)?.SuggestedDriver);
        Assert.Null(discovery.Match(byIds with { Serial = "OTHER" }, "hidraw"));
        Assert.Null(discovery.Match(byIds with { ProductId = "0b62" }, "hidraw"));
        Assert.Equal(
            Path.Combine(fake.Dev, "input", "event3"),
            discovery.Match(new EvdevScannerOptions { VendorId = "0C2E", ProductId = "0B61", Serial = "21012B4C31" }, "evdev")?.EventPath);
    }

    [Fact]
    public void The_report_descriptor_is_read_from_sysfs_for_a_node()
    {
        FakeSysfs fake = FakeSysfs.WithHoneywellScanner(_dir);

        byte[]? d = new SysfsScannerDiscovery(fake.Sys, fake.Dev).ReadReportDescriptor(Path.Combine(fake.Dev, "hidraw1"));

        Assert.Equal(HidPosFixtures.ScannerDescriptor, d);
    }

    [Fact]
    public void An_empty_or_missing_tree_finds_nothing()
    {
        Assert.Empty(new SysfsScannerDiscovery(Path.Combine(_dir, "nothing"), _dir).Enumerate());
    }

    [Fact]
    public async Task A_scanner_that_disappears_is_reported_and_read_again_when_it_returns()
    {
        FakeSysfs fake = FakeSysfs.WithHoneywellScanner(_dir);
        var sink = new RecordingSink();
        using var stop = new CancellationTokenSource();
        var scanner = new HidrawScanner(
            "scanner", new HidrawScannerOptions { VendorId = "0c2e", ProductId = "0b61" }, sink, TimeProvider.System,
            NullLogger<HidrawScanner>.Instance, new SysfsScannerDiscovery(fake.Sys, fake.Dev));
        Task run = scanner.RunAsync(stop.Token);
        string node = Path.Combine(fake.Dev, "hidraw1");

        DeviceNodes.WaitFor(scanner, DeviceState.Ready);
        DeviceNodes.Write(node, HidPosFixtures.Reports(HidPosFixtures.Ascii("7038010001659")));
        Assert.Equal("7038010001659", sink.NextCode().Data);

        fake.RemoveHidraw(1, 1);
        DeviceNodes.WaitFor(scanner, DeviceState.Disconnected);
        Assert.Contains("removed", scanner.Status.Detail, StringComparison.Ordinal);

        fake.AddHidraw(1, 1); // the kernel may reuse the number; the driver finds it by VID:PID again
        DeviceNodes.WaitFor(scanner, DeviceState.Ready);
        DeviceNodes.Write(node, HidPosFixtures.Reports(HidPosFixtures.Ascii("5701234567899")));
        Assert.Equal("5701234567899", sink.NextCode().Data);

        stop.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(DeviceState.Stopped, scanner.Status.State);
    }

    [Fact]
    public void A_keyboard_wedge_found_by_VID_PID_survives_a_replug()
    {
        FakeSysfs fake = FakeSysfs.WithHoneywellScanner(_dir);
        var sink = new RecordingSink();
        using var stop = new CancellationTokenSource();
        var scanner = new EvdevKeyboardScanner(
            "wedge", new EvdevScannerOptions { VendorId = "0c2e", ProductId = "0b61", EventSize = "24" }, sink, TimeProvider.System,
            NullLogger<EvdevKeyboardScanner>.Instance, new SysfsScannerDiscovery(fake.Sys, fake.Dev));
        _ = scanner.RunAsync(stop.Token);
        string node = Path.Combine(fake.Dev, "input", "event3");

        DeviceNodes.WaitFor(scanner, DeviceState.Ready);
        File.Delete(node);
        DeviceNodes.WaitFor(scanner, DeviceState.Disconnected);
        DeviceNodes.MakeFifo(node);
        DeviceNodes.WaitFor(scanner, DeviceState.Ready);
        DeviceNodes.Write(node, [Keys.Bytes(Keys.Type("42").Concat(Keys.Stroke(Keys.Enter)), 24)]);

        Assert.Equal("42", sink.NextCode().Data);
        stop.Cancel();
    }
}
