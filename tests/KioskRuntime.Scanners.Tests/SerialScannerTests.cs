using KioskRuntime.Devices;
using KioskRuntime.Scanners.Interop;
using KioskRuntime.Scanners.Serial;
using KioskRuntime.Scanners.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace KioskRuntime.Scanners.Tests;

/// <summary>The real serial driver on a pseudo-terminal: the driver sets raw mode with termios on the slave, the test is the scanner.</summary>
public sealed class SerialScannerTests : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly RecordingSink _sink = new();
    private readonly PseudoTerminal _pty = PseudoTerminal.Open();

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _pty.Dispose();
    }

    private void Start(SerialScannerOptions options)
    {
        var scanner = new SerialScanner("serial", options with { Path = _pty.SlavePath }, _sink, TimeProvider.System, NullLogger<SerialScanner>.Instance);
        _ = scanner.RunAsync(_stop.Token);
        DeviceNodes.WaitFor(scanner, DeviceState.Ready);
    }

    [Fact]
    public void CRLF_lines_with_AIM_prefixes_become_scans()
    {
        Start(new SerialScannerOptions { Baud = 115200, AimPrefix = true });

        // In raw mode the CR arrives untranslated (in cooked mode ICRNL would turn it into LF).
        _pty.Master.Write("]E07038010001659\r\n]C10107038010001659\u001D10ABC\r\n"u8);

        Assert.Equal(("7038010001659", "]E0"), (_sink.NextCode() is var a ? (a.Data, a.SymbologyId) : default));
        Assert.Equal(("0107038010001659\u001D10ABC", "]C1"), (_sink.NextCode() is var b ? (b.Data, b.SymbologyId) : default));
    }

    [Fact]
    public void Suffix_framing_cuts_on_the_configured_bytes()
    {
        Start(new SerialScannerOptions { Framing = SerialFraming.Suffix, SuffixHex = "03" });

        _pty.Master.Write("123\u0003456\u0003"u8);

        Assert.Equal("123", _sink.NextCode().Data);
        Assert.Equal("456", _sink.NextCode().Data);
    }

    [Fact]
    public void A_code_without_its_suffix_is_rejected_after_silence()
    {
        Start(new SerialScannerOptions { Framing = SerialFraming.CrLf, PartialTimeoutMs = 100 });

        _pty.Master.Write("99\r"u8);

        Assert.Contains("partial code", _sink.NextRejected().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Frame_decoder_handles_CR_LF_and_CRLF_in_line_mode()
    {
        var decoder = new SerialFrameDecoder(SerialFraming.Line);
        var frames = new List<(byte[]? Frame, string? Problem)>();

        decoder.Feed("a\rb\nc\r\n\r\nd"u8, frames);

        Assert.Equal(["a", "b", "c"], frames.Select(f => System.Text.Encoding.ASCII.GetString(f.Frame!)));
        Assert.Equal("d", System.Text.Encoding.ASCII.GetString(decoder.Flush()!.Value.Frame!));
    }
}
