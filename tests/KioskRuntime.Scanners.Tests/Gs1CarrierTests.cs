using KioskRuntime.Barcodes;
using KioskRuntime.Barcodes.Gs1;
using KioskRuntime.Devices;
using KioskRuntime.Scanners.Discovery;
using KioskRuntime.Scanners.Evdev;
using KioskRuntime.Scanners.Hid;
using KioskRuntime.Scanners.Interop;
using KioskRuntime.Scanners.Serial;
using KioskRuntime.Scanners.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace KioskRuntime.Scanners.Tests;

/// <summary>
/// One item, one interpretation, whatever the driver and carrier: a GS1 Digital Link QR (<c>]Q1</c>) from a HID POS scanner
/// (kernel-exact 64-byte reports through a FIFO, the URI longer than one report), and the same item as GS1 DataMatrix
/// (<c>]d2</c>) and Digital Link QR from a serial scanner prefixing AIM ids (a real pseudo-terminal), and the Digital Link typed
/// key by key by a keyboard-wedge scanner (evdev records through a FIFO).
/// </summary>
public sealed class Gs1CarrierTests : IDisposable
{
    private const string Link = "https://id.gs1.org/01/07038600022507/10/L7?3103=001250&3922=4990&17=270131";
    private const string ElementString = "0107038600022507" + "3103001250" + "17270131" + "10L7" + "\u001D" + "39224990";

    private static readonly BarcodeInterpreter Interpreter = new([]);

    private readonly string _dir = DeviceNodes.TempDir();
    private readonly CancellationTokenSource _stop = new();
    private readonly RecordingSink _sink = new();
    private readonly PseudoTerminal _pty = PseudoTerminal.Open();

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _pty.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void A_digital_link_qr_from_the_hidraw_driver_reads_as_the_element_string()
    {
        string node = Path.Combine(_dir, "hidraw0");
        DeviceNodes.MakeFifo(node);
        var scanner = new HidrawScanner(
            "scanner", new HidrawScannerOptions { Path = node, ReportDescriptorHex = HidPosFixtures.ScannerDescriptorHex }, _sink,
            TimeProvider.System, NullLogger<HidrawScanner>.Instance, new SysfsScannerDiscovery(Path.Combine(_dir, "sys"), _dir));
        _ = scanner.RunAsync(_stop.Token);
        DeviceNodes.WaitFor(scanner, DeviceState.Ready);

        var reports = HidPosFixtures.Reports(HidPosFixtures.Ascii(Link), "]Q1");
        Assert.True(reports.Count > 1); // the URI needs a continued report (56 data bytes per report)
        DeviceNodes.Write(node, reports);

        ScannedCode code = _sink.NextCode();
        Assert.Equal((Link, "]Q1"), (code.Data, code.SymbologyId));
        AssertSameItem(code);
    }

    [Fact]
    public void The_same_item_from_a_serial_scanner_as_data_matrix_and_digital_link_reads_the_same()
    {
        var scanner = new SerialScanner("serial", new SerialScannerOptions { Baud = 115200, AimPrefix = true, Path = _pty.SlavePath }, _sink, TimeProvider.System, NullLogger<SerialScanner>.Instance);
        _ = scanner.RunAsync(_stop.Token);
        DeviceNodes.WaitFor(scanner, DeviceState.Ready);

        _pty.Master.Write(System.Text.Encoding.ASCII.GetBytes("]d2" + ElementString + "\r\n]Q1" + Link + "\r\n"));

        ScannedCode matrix = _sink.NextCode();
        Assert.Equal("]d2", matrix.SymbologyId);
        AssertSameItem(matrix);
        ScannedCode qr = _sink.NextCode();
        Assert.Equal((Link, "]Q1"), (qr.Data, qr.SymbologyId));
        AssertSameItem(qr);
    }

    [Fact]
    public void A_digital_link_qr_typed_by_a_keyboard_wedge_with_an_AIM_prefix_reads_the_same()
    {
        string node = Path.Combine(_dir, "event3");
        DeviceNodes.MakeFifo(node);
        var scanner = new EvdevKeyboardScanner(
            "wedge", new EvdevScannerOptions { Path = node, Layout = "us", EventSize = "24", AimPrefix = true }, _sink, TimeProvider.System,
            NullLogger<EvdevKeyboardScanner>.Instance, new SysfsScannerDiscovery(Path.Combine(_dir, "sys"), _dir));
        _ = scanner.RunAsync(_stop.Token);
        DeviceNodes.WaitFor(scanner, DeviceState.Ready);

        // "]Q1" then the URI, key by key (Shift for ':', '?', '&' and capitals), then Enter: what a wedge scanner types.
        DeviceNodes.Write(node, [Keys.Bytes(Keys.TypeUs("]Q1" + Link).Concat(Keys.Stroke(Keys.Enter)), 24)]);

        ScannedCode code = _sink.NextCode();
        Assert.Equal((Link, "]Q1"), (code.Data, code.SymbologyId));
        AssertSameItem(code);
    }

    private static void AssertSameItem(ScannedCode code)
    {
        var reading = Assert.IsType<Gs1Code>(Interpreter.Interpret(code.Data, code.SymbologyId));
        Gs1ElementString expected = Gs1ElementString.Parse(ElementString);
        Assert.Equal(
            expected.Elements.OrderBy(e => e.Ai, StringComparer.Ordinal),
            reading.ElementString.Elements.OrderBy(e => e.Ai, StringComparer.Ordinal));
        Assert.Equal((1.250m, 49.90m, "L7"), (reading.ElementString.NetWeightKg, reading.ElementString.Price, reading.ElementString.Batch));
    }
}
