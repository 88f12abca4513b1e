using KioskRuntime.Devices;
using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.Receipts.Norway;
using KioskRuntime.Printing.Transports;

namespace KioskRuntime.Printing.Tests;

/// <summary>
/// The star-tsp143-asb profile over TCP 9100 against the emulator in Star mode: ESC ACK SOH for the condition, ETB counted in
/// the automatic status as the fence.
/// </summary>
public sealed class StarTransportTests
{
    private static readonly PrinterCapabilities Caps = PrinterCapabilities.Get("star-tsp143-asb");

    private static readonly PrinterHostOptions Timing = new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(2),
        StatusTimeout = TimeSpan.FromSeconds(1),
        HeartbeatInterval = TimeSpan.FromMilliseconds(200),
        FenceTimeout = TimeSpan.FromSeconds(10),
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(100),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(400),
    };

    private static PrintJob Job(ReceiptKind kind = ReceiptKind.Sale, string id = "r1") =>
        new(id, ReceiptPrinting.Encode(SampleReceipts.Sale(kind, extraLines: 80), Caps, SampleReceipts.Logo()), "Salgskvittering");

    private static async Task<(Tcp9100Printer Printer, Task Loop)> Start(PrinterEmulator emulator, CancellationToken stop)
    {
        var printer = new Tcp9100Printer("receipt", new Tcp9100PrinterOptions { Host = "127.0.0.1", Port = emulator.Port, Timing = Timing }, Caps, TimeProvider.System);
        var loop = printer.RunAsync(stop);
        await WaitFor(() => printer.Condition != PrinterCondition.Offline, printer);
        return (printer, loop);
    }

    [Fact]
    public async Task Ready_star_printer_prints_and_the_etb_counter_confirms_it()
    {
        await using var emulator = new PrinterEmulator(PrinterDialect.StarLine);
        using var stop = new CancellationTokenSource();
        var (printer, loop) = await Start(emulator, stop.Token);
        await WaitFor(() => printer.Condition == PrinterCondition.Ready, printer);
        var result = await printer.PrintAsync(Job(), CancellationToken.None);
        Assert.Equal(PrintOutcome.Printed, result.Outcome);
        Assert.Equal(1, emulator.Printed);
        Assert.Equal(PrintOutcome.Printed, (await printer.PrintAsync(Job(id: "r2"), CancellationToken.None)).Outcome);
        Assert.Equal(2, emulator.Printed);
        await stop.CancelAsync();
        await loop;
    }

    [Fact]
    public async Task Star_paper_out_before_and_during_a_job_and_cover_open_map_to_the_same_outcomes()
    {
        await using var emulator = new PrinterEmulator(PrinterDialect.StarLine) { PaperOut = true };
        using var stop = new CancellationTokenSource();
        var (printer, loop) = await Start(emulator, stop.Token);
        await WaitFor(() => printer.Condition == PrinterCondition.PaperOut, printer);
        var refused = await printer.PrintAsync(Job(), CancellationToken.None);
        Assert.Equal(PrintOutcome.NotPrinted, refused.Outcome);
        Assert.Contains("PaperOut", refused.Detail, StringComparison.Ordinal);

        emulator.PaperOut = false;
        emulator.CoverOpen = true;
        await WaitFor(() => printer.Condition == PrinterCondition.CoverOpen, printer);
        emulator.CoverOpen = false;
        await WaitFor(() => printer.Condition == PrinterCondition.Ready, printer);

        var job = Job();
        emulator.PaperOutAfter(job.Data.Length - 100);
        var midway = await printer.PrintAsync(job, CancellationToken.None);
        Assert.Equal(PrintOutcome.Unknown, midway.Outcome);
        Assert.Equal(0, emulator.Printed);

        emulator.PaperOut = false;
        await WaitFor(() => printer.Condition == PrinterCondition.Ready && emulator.Printed == 1, printer);
        Assert.Single(EncoderGoldenTests.FindAll(emulator.Received, job.Data.ToArray()));
        var kopi = Job(ReceiptKind.CopyOfSale, "r1-kopi");
        Assert.Equal(PrintOutcome.Printed, (await printer.PrintAsync(kopi, CancellationToken.None)).Outcome);
        Assert.Equal(2, emulator.Printed);
        Assert.Contains("KOPI", emulator.Paper);
        await stop.CancelAsync();
        await loop;
    }

    [Fact]
    public async Task Silent_star_printer_is_unknown_and_gets_no_job()
    {
        await using var emulator = new PrinterEmulator(PrinterDialect.StarLine) { Silent = true };
        using var stop = new CancellationTokenSource();
        var (printer, loop) = await Start(emulator, stop.Token);
        await WaitFor(() => printer.Condition == PrinterCondition.Unknown && printer.Status.State == DeviceState.Degraded, printer);
        Assert.Equal(PrintOutcome.NotPrinted, (await printer.PrintAsync(Job(), CancellationToken.None)).Outcome);
        Assert.Empty(EncoderGoldenTests.FindAll(emulator.Received, [0x1B, 0x40]));
        await stop.CancelAsync();
        await loop;
    }

    private static async Task WaitFor(Func<bool> condition, Tcp9100Printer printer)
    {
        for (var i = 0; i < 300 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), $"printer stayed {printer.Condition} / {printer.Status}");
    }
}
