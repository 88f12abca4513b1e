using System.Collections.Concurrent;
using KioskRuntime.Devices;
using KioskRuntime.Payments;
using KioskRuntime.Simulation.FileDevices;
using KioskRuntime.Simulation.Nexo;
using Microsoft.Extensions.Logging.Abstractions;

namespace KioskRuntime.Simulation.Tests;

public sealed class SimulatedDeviceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kiosk-hw-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Scanner_reads_lines_from_a_real_fifo_including_aim_prefixes()
    {
        var sink = new RecordingSink();
        var fifo = Path.Combine(_dir, "scanner.fifo");
        var scanner = new SimulatedScanner("scanner", fifo, sink, TimeProvider.System, NullLogger<SimulatedScanner>.Instance);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var run = scanner.RunAsync(cts.Token);
        await WaitUntil(() => File.Exists(fifo) && scanner.Status.State == DeviceState.Ready);
        await using (var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write))
        {
            await writer.WriteAsync("7038010001659\n]C1 0107038010001659\r\n\n"u8.ToArray());
        }

        // A second writer after the first closed: the scanner must keep reading (no EOF on a FIFO opened read-write).
        await using (var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write))
        {
            await writer.WriteAsync("KIOSK-CHECKOUT\n"u8.ToArray());
        }

        await WaitUntil(() => sink.Codes.Count == 3);
        Assert.Equal(["7038010001659", "0107038010001659", "KIOSK-CHECKOUT"], sink.Codes.Select(c => c.Data));
        Assert.Equal([null, "]C1", null], sink.Codes.Select(c => c.SymbologyId));
        Assert.True(scanner.Progress.Count > 0);
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(DeviceState.Stopped, scanner.Status.State);
    }

    /// <summary>
    /// Stopping while no read is pending (here: the sink is busy with a scan). The old stop opened the FIFO for writing after the
    /// device had closed it: with no reader left that open blocks forever, inside the cancellation callback (a CI hang).
    /// </summary>
    [Fact]
    public async Task Scanner_stops_at_once_when_cancelled_while_the_sink_is_busy()
    {
        var sink = new BlockingSink();
        var fifo = Path.Combine(_dir, "busy.fifo");
        var scanner = new SimulatedScanner("scanner", fifo, sink, TimeProvider.System, NullLogger<SimulatedScanner>.Instance);
        using var cts = new CancellationTokenSource();
        var run = scanner.RunAsync(cts.Token);
        await WaitUntil(() => File.Exists(fifo) && scanner.Status.State == DeviceState.Ready);
        await using (var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write))
        {
            await writer.WriteAsync("7038010001659\n"u8.ToArray());
        }

        await sink.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cts.CancelAsync().WaitAsync(TimeSpan.FromSeconds(5));
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(DeviceState.Stopped, scanner.Status.State);
    }

    [Fact]
    public async Task Printer_writes_jobs_and_refuses_when_paper_is_out()
    {
        var folder = Path.Combine(_dir, "printer");
        var printer = new SimulatedPrinter("printer", folder, b => $"text of {b.Length} bytes", TimeProvider.System, NullLogger<SimulatedPrinter>.Instance);
        Directory.CreateDirectory(folder);
        var ok = await printer.PrintAsync(new PrintJob("r1", new byte[] { 0x1B, 0x40, 0x41 }, "receipt 1"), CancellationToken.None);
        Assert.Equal(PrintOutcome.Printed, ok.Outcome);
        Assert.Equal(new byte[] { 0x1B, 0x40, 0x41 }, await File.ReadAllBytesAsync(Path.Combine(folder, "000001-r1.bin")));
        Assert.Equal("text of 3 bytes", await File.ReadAllTextAsync(Path.Combine(folder, "000001-r1.txt")));

        await File.WriteAllTextAsync(Path.Combine(folder, "PAPER-OUT"), "");
        Assert.Equal(PrinterCondition.PaperOut, printer.Condition);
        var refused = await printer.PrintAsync(new PrintJob("r2", new byte[] { 1 }, "receipt 2"), CancellationToken.None);
        Assert.Equal(PrintOutcome.NotPrinted, refused.Outcome);
        Assert.False(File.Exists(Path.Combine(folder, "000002-r2.bin")));
    }

    /// <summary>
    /// The <c>simulated</c> payment terminal (the older driver name) is the nexo simulator behind the real nexo driver, with the same
    /// amount endings: ,13 declined, ,14 approved but the answer lost, ,15 never received.
    /// </summary>
    private SimulatedNexoTerminal LegacyTerminal(string folder) => new(
        "t",
        new SimulatedTerminalDriverOptions { DelayMs = 0, TimeoutMs = 10 }.ToTerminalOptions(folder, "kiosk"),
        TimeProvider.System,
        NullLogger<SimulatedNexoTerminal>.Instance);

    [Fact]
    public async Task Terminal_answers_by_amount_ending_and_remembers_across_instances()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "terminal")).FullName;
        var (s1, s2, s3, s4) = (NexoServiceId.New(), NexoServiceId.New(), NexoServiceId.New(), NexoServiceId.New());
        await using (var terminal = LegacyTerminal(folder))
        {
            Assert.Equal(PaymentResultKind.Approved, (await terminal.PayAsync(new("a", s1, 42.00m, "NOK"), null, default)).Kind);
            Assert.Equal(PaymentResultKind.Declined, (await terminal.PayAsync(new("b", s2, 42.13m, "NOK"), null, default)).Kind);
            Assert.Equal(PaymentResultKind.Unknown, (await terminal.PayAsync(new("c", s3, 42.14m, "NOK"), null, default)).Kind);
            Assert.Equal(PaymentResultKind.Unknown, (await terminal.PayAsync(new("d", s4, 42.15m, "NOK"), null, default)).Kind);
        }

        // A new instance (kioskd restarted) still knows: the timed-out one was approved, the unreachable one never arrived.
        await using var again = LegacyTerminal(folder);
        Assert.Equal(PaymentResultKind.Approved, (await again.GetStatusAsync("c", s3, default)).Kind);
        var missing = await again.GetStatusAsync("d", s4, default);
        Assert.Equal(PaymentResultKind.Unknown, missing.Kind);
        Assert.StartsWith("NotFound", missing.Reason, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, SimulatedTerminalDriverOptions.StateFileName)));
    }

    [Fact]
    public async Task Terminal_reverses_a_payment_once_and_answers_the_reversal_status_by_its_own_ids()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "terminal-reversal")).FullName;
        var (s1, r1, r2, r3) = (NexoServiceId.New(), NexoServiceId.New(), NexoServiceId.New(), NexoServiceId.New());
        await using (var terminal = LegacyTerminal(folder))
        {
            var paid = await terminal.PayAsync(new("pay-1", s1, 42.00m, "NOK"), null, default);
            Assert.Equal(PaymentResultKind.Approved, paid.Kind);

            var reversed = await terminal.ReverseAsync(new ReversalRequest("refund-1", r1, paid.TerminalReference!, 42.00m, "NOK"), default);
            Assert.Equal(PaymentResultKind.Approved, reversed.Kind);
            var twice = await terminal.ReverseAsync(new ReversalRequest("refund-2", r2, paid.TerminalReference!, 42.00m, "NOK"), default);
            Assert.Equal(PaymentResultKind.Declined, twice.Kind);
            Assert.Equal(PaymentResultKind.Declined, (await terminal.ReverseAsync(new ReversalRequest("refund-3", r3, "no-such-ref", 1m, "NOK"), default)).Kind);
        }

        // After a restart the reversal is found by the ids it was sent with, never by the payment's, and never confused with a payment.
        await using var again = LegacyTerminal(folder);
        Assert.Equal(PaymentResultKind.Approved, (await again.GetReversalStatusAsync("refund-1", r1, default)).Kind);
        Assert.Equal(PaymentResultKind.Declined, (await again.GetReversalStatusAsync("refund-2", r2, default)).Kind);
        Assert.StartsWith("NotFound", (await again.GetReversalStatusAsync("pay-1", s1, default)).Reason, StringComparison.Ordinal);
        Assert.StartsWith("NotFound", (await again.GetStatusAsync("refund-1", r1, default)).Reason, StringComparison.Ordinal);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 10 s");
            await Task.Delay(20);
        }
    }

    private sealed class BlockingSink : IScanSink
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask OnScannedAsync(ScannedCode code, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        public ValueTask OnRejectedAsync(ScanRejected rejected, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    private sealed class RecordingSink : IScanSink
    {
        private readonly ConcurrentQueue<ScannedCode> _codes = new();

        public IReadOnlyList<ScannedCode> Codes => [.. _codes];

        public ValueTask OnScannedAsync(ScannedCode code, CancellationToken cancellationToken)
        {
            _codes.Enqueue(code);
            return ValueTask.CompletedTask;
        }

        public ValueTask OnRejectedAsync(ScanRejected rejected, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
