using KioskRuntime.Devices;
using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.Receipts;
using KioskRuntime.Printing.Receipts.Norway;
using KioskRuntime.Printing.Transports;

namespace KioskRuntime.Printing.Tests;

public sealed class Tcp9100PrinterTests
{
    private static readonly PrinterHostOptions FastTiming = new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(2),
        // Generous for a loaded CI machine: a slow reply must not look like a silent printer.
        StatusTimeout = TimeSpan.FromSeconds(1),
        HeartbeatInterval = TimeSpan.FromMilliseconds(200),
        FenceTimeout = TimeSpan.FromSeconds(10),
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(100),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(400),
    };

    private static PrintJob Job(string id = "job-1")
    {
        var caps = PrinterCapabilities.EpsonTmT88V;
        var format = ReceiptFormat.For(caps) with { Logo = SampleReceipts.Logo() };
        var bytes = new EscPosEncoder().Encode(NorwegianReceiptLayout.Compose(SampleReceipts.Sale(), format), caps);
        return new PrintJob(id, bytes, "Salgskvittering 4711");
    }

    private sealed class Running : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public Running(PrinterEmulator emulator, int? port = null)
        {
            Printer = new Tcp9100Printer("receipt", new Tcp9100PrinterOptions { Host = "127.0.0.1", Port = port ?? emulator.Port, Timing = FastTiming },
                PrinterCapabilities.EpsonTmT88V, TimeProvider.System);
            _loop = Printer.RunAsync(_stop.Token);
        }

        public Tcp9100Printer Printer { get; }

        public async Task WaitForAsync(Func<Tcp9100Printer, bool> condition)
        {
            for (var i = 0; i < 200 && !condition(Printer); i++)
            {
                await Task.Delay(50);
            }

            Assert.True(condition(Printer), $"printer stayed {Printer.Condition} / {Printer.Status}");
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            Assert.Equal(DeviceState.Stopped, Printer.Status.State);
            _stop.Dispose();
        }
    }

    [Fact]
    public async Task Ready_printer_prints_once_and_confirms_with_the_fence()
    {
        await using var emulator = new PrinterEmulator();
        await using var run = new Running(emulator);
        await run.WaitForAsync(p => p.Condition == PrinterCondition.Ready);
        var result = await run.Printer.PrintAsync(Job(), CancellationToken.None);
        Assert.Equal(PrintOutcome.Printed, result.Outcome);
        Assert.Equal(1, emulator.Printed);
        Assert.Single(EncoderGoldenTests.FindAll(emulator.Received, Job().Data.ToArray()));
    }

    [Fact]
    public async Task Paper_out_before_the_job_sends_nothing_and_printing_after_refill_prints_once()
    {
        await using var emulator = new PrinterEmulator { PaperOut = true };
        await using var run = new Running(emulator);
        await run.WaitForAsync(p => p.Condition == PrinterCondition.PaperOut);
        var result = await run.Printer.PrintAsync(Job(), CancellationToken.None);
        Assert.Equal(PrintOutcome.NotPrinted, result.Outcome);
        Assert.Contains("PaperOut", result.Detail, StringComparison.Ordinal);
        Assert.Empty(EncoderGoldenTests.FindAll(emulator.Received, [0x1B, 0x40]));

        emulator.PaperOut = false;
        await run.WaitForAsync(p => p.Condition == PrinterCondition.Ready);
        Assert.Equal(PrintOutcome.Printed, (await run.Printer.PrintAsync(Job(), CancellationToken.None)).Outcome);
        Assert.Equal(1, emulator.Printed);
    }

    [Fact]
    public async Task Cover_open_is_reported_and_nothing_is_sent()
    {
        await using var emulator = new PrinterEmulator { CoverOpen = true };
        await using var run = new Running(emulator);
        await run.WaitForAsync(p => p.Condition == PrinterCondition.CoverOpen);
        Assert.Equal(PrintOutcome.NotPrinted, (await run.Printer.PrintAsync(Job(), CancellationToken.None)).Outcome);
        Assert.Equal(0, emulator.Printed);
        Assert.Equal(DeviceState.Degraded, run.Printer.Status.State);
    }

    [Fact]
    public async Task Paper_running_out_mid_job_is_unknown_and_not_retried()
    {
        await using var emulator = new PrinterEmulator();
        await using var run = new Running(emulator);
        await run.WaitForAsync(p => p.Condition == PrinterCondition.Ready);
        emulator.PaperOutAfter(2000);
        var job = Job();
        var result = await run.Printer.PrintAsync(job, CancellationToken.None);
        Assert.Equal(PrintOutcome.Unknown, result.Outcome);
        Assert.Contains("PaperOut", result.Detail, StringComparison.Ordinal);
        Assert.Equal(0, emulator.Printed);
        Assert.Single(EncoderGoldenTests.FindAll(emulator.Received, job.Data.ToArray()));
    }

    [Fact]
    public async Task Connection_dropped_mid_job_is_unknown_then_the_printer_reconnects()
    {
        await using var emulator = new PrinterEmulator();
        await using var run = new Running(emulator);
        await run.WaitForAsync(p => p.Condition == PrinterCondition.Ready);
        emulator.DropAfter(1500);
        var result = await run.Printer.PrintAsync(Job(), CancellationToken.None);
        Assert.Equal(PrintOutcome.Unknown, result.Outcome);
        Assert.Equal(0, emulator.Printed);

        await run.WaitForAsync(p => p.Condition == PrinterCondition.Ready && emulator.Connections >= 2);
        // The caller decides what happens next (a copy marked KOPI); the printer itself never resent the job.
        Assert.Equal(0, emulator.Printed);
        Assert.Equal(PrintOutcome.Printed, (await run.Printer.PrintAsync(Job("job-1-kopi"), CancellationToken.None)).Outcome);
        Assert.Equal(1, emulator.Printed);
    }

    [Fact]
    public async Task Printer_that_never_answers_is_unknown_not_offline_and_gets_no_job()
    {
        await using var emulator = new PrinterEmulator { Silent = true };
        await using var run = new Running(emulator);
        await run.WaitForAsync(p => p.Condition == PrinterCondition.Unknown && emulator.Connections == 1);
        var result = await run.Printer.PrintAsync(Job(), CancellationToken.None);
        Assert.Equal(PrintOutcome.NotPrinted, result.Outcome);
        Assert.Empty(EncoderGoldenTests.FindAll(emulator.Received, [0x1B, 0x40]));
    }

    [Fact]
    public async Task Nobody_listening_starts_offline_without_blocking()
    {
        int port;
        await using (var gone = new PrinterEmulator())
        {
            port = gone.Port;
        }

        await using var emulator = new PrinterEmulator();
        await using var run = new Running(emulator, port);
        Assert.Equal(PrinterCondition.Offline, run.Printer.Condition);
        await run.WaitForAsync(p => p.Status.State == DeviceState.Disconnected);
        var result = await run.Printer.PrintAsync(Job(), CancellationToken.None);
        Assert.Equal(PrintOutcome.NotPrinted, result.Outcome);
        Assert.Contains("not connected", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unplugged_cable_is_noticed_and_the_printer_comes_back()
    {
        await using var emulator = new PrinterEmulator();
        await using var run = new Running(emulator);
        await run.WaitForAsync(p => p.Condition == PrinterCondition.Ready);
        emulator.Unplug();
        await run.WaitForAsync(_ => emulator.Connections >= 2);
        await run.WaitForAsync(p => p.Condition == PrinterCondition.Ready);
        Assert.Equal(PrintOutcome.Printed, (await run.Printer.PrintAsync(Job(), CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Paced_job_arrives_whole_and_prints_once()
    {
        await using var emulator = new PrinterEmulator();
        var stop = new CancellationTokenSource();
        var printer = new Tcp9100Printer("receipt", new Tcp9100PrinterOptions
        {
            Host = "127.0.0.1", Port = emulator.Port,
            Timing = FastTiming with { PacingChunkBytes = 512, PacingPause = TimeSpan.FromMilliseconds(1) },
        }, PrinterCapabilities.EpsonTmT88V, TimeProvider.System);
        var loop = printer.RunAsync(stop.Token);
        for (var i = 0; i < 200 && printer.Condition != PrinterCondition.Ready; i++)
        {
            await Task.Delay(50);
        }

        var job = Job();
        Assert.True(job.Data.Length > 2048);
        Assert.Equal(PrintOutcome.Printed, (await printer.PrintAsync(job, CancellationToken.None)).Outcome);
        Assert.Single(EncoderGoldenTests.FindAll(emulator.Received, job.Data.ToArray()));
        Assert.Equal(1, emulator.Printed);
        await stop.CancelAsync();
        await loop;
    }

    [Fact]
    public async Task Idle_heartbeat_follows_paper_out_and_refill()
    {
        await using var emulator = new PrinterEmulator();
        await using var run = new Running(emulator);
        await run.WaitForAsync(p => p.Condition == PrinterCondition.Ready && p.Status.State == DeviceState.Ready);
        emulator.PaperNearEnd = true;
        await run.WaitForAsync(p => p.Condition == PrinterCondition.PaperNearEnd);
        emulator.PaperOut = true;
        await run.WaitForAsync(p => p.Condition == PrinterCondition.PaperOut && p.Status.State == DeviceState.Degraded);
        emulator.PaperOut = false;
        emulator.PaperNearEnd = false;
        await run.WaitForAsync(p => p.Condition == PrinterCondition.Ready && p.Status.State == DeviceState.Ready);
        Assert.Equal(1, emulator.Connections);
    }

    [Fact]
    public async Task Loop_keeps_beating_while_it_cannot_connect()
    {
        int port;
        await using (var gone = new PrinterEmulator())
        {
            port = gone.Port;
        }

        await using var emulator = new PrinterEmulator();
        await using var run = new Running(emulator, port);
        var before = run.Printer.Progress.Count;
        await run.WaitForAsync(p => p.Progress.Count >= before + 3);
    }

    [Fact]
    public void Options_are_validated_with_the_field_named()
    {
        var e = Assert.Throws<ArgumentException>(() => new Tcp9100PrinterOptions { Host = "p", Port = 0 }.Validate());
        Assert.Contains("Port", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => new PrinterHostOptions { StatusTimeout = TimeSpan.Zero }.Validate());
        Assert.Contains("StatusTimeout", e.Message, StringComparison.Ordinal);
    }
}
