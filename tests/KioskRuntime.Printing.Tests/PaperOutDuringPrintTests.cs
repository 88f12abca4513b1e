using System.Text;
using KioskRuntime.Devices;
using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.EscPos.Rendering;
using KioskRuntime.Printing.Receipts.Norway;
using KioskRuntime.Printing.Transports;

namespace KioskRuntime.Printing.Tests;

/// <summary>
/// The printing path kioskd uses (ReceiptPrinting.Encode = compose + encode, then Tcp9100Printer.PrintAsync) against the TCP 9100
/// emulator running out of paper in the middle of a receipt. Plays the caller's part the way kioskd's SalePipeline does: an
/// Unknown original is never printed again as an original; the one copy is a new job marked KOPI.
/// </summary>
public sealed class PaperOutDuringPrintTests
{
    private static readonly PrinterHostOptions Timing = new()
    {
        ConnectTimeout = TimeSpan.FromSeconds(2),
        StatusTimeout = TimeSpan.FromSeconds(1),
        HeartbeatInterval = TimeSpan.FromMilliseconds(200),
        FenceTimeout = TimeSpan.FromSeconds(10),
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(100),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(400),
    };

    [Theory]
    [InlineData("epson-tm-t88v")]
    [InlineData("epson-tm-t20iii")]
    public async Task Paper_out_mid_receipt_is_unknown_never_resent_and_the_reprint_is_a_kopi(string profile)
    {
        var caps = PrinterCapabilities.Get(profile);
        var sale = SampleReceipts.Sale(extraLines: 80) with { ReturnCode = "KRT:kiosk-01:4711" };
        var original = new PrintJob("r4711", ReceiptPrinting.Encode(sale, caps, SampleReceipts.Logo()), "Salgskvittering 4711");
        var originalBytes = original.Data.ToArray();

        // Paper runs out where the footer starts: the head of the receipt is on paper, the end is not. The emulator reads up to
        // 4 KiB at a time and stops at the start of the read that crosses the limit, so the head must lie a full read before it.
        var footerAt = EncoderGoldenTests.FindAll(originalBytes, Encoding.ASCII.GetBytes("Takk for handelen!")).Single();
        var headAt = EncoderGoldenTests.FindAll(originalBytes, Encoding.ASCII.GetBytes("Org.nr")).Single();
        Assert.True(headAt + 4096 < footerAt, $"receipt too short for the test: head at {headAt}, footer at {footerAt}");

        await using var emulator = new PrinterEmulator();
        using var stop = new CancellationTokenSource();
        var printer = new Tcp9100Printer("receipt", new Tcp9100PrinterOptions { Host = "127.0.0.1", Port = emulator.Port, Timing = Timing }, caps, TimeProvider.System);
        var loop = printer.RunAsync(stop.Token);
        try
        {
            await WaitFor(() => printer.Condition == PrinterCondition.Ready, printer);
            emulator.PaperOutAfter(footerAt);

            // The job: bytes go out, the printer stops mid-receipt, the fence is never answered in time: Unknown, not Printed.
            var result = await printer.PrintAsync(original, CancellationToken.None);
            Assert.Equal(PrintOutcome.Unknown, result.Outcome);
            Assert.Contains("PaperOut", result.Detail, StringComparison.Ordinal);
            Assert.Equal(PrinterCondition.PaperOut, printer.Condition);
            Assert.Equal(0, emulator.Printed);
            var paper = emulator.Paper;
            Assert.Contains(paper, l => l.StartsWith("Org.nr", StringComparison.Ordinal));
            Assert.DoesNotContain(paper, l => l.Contains("Takk for handelen!", StringComparison.Ordinal));

            // kioskd journals "unknown" and will not print it again as an original; a new job while out of paper is refused outright.
            var kopi = new PrintJob("r4711-kopi", ReceiptPrinting.Encode(sale with { Kind = ReceiptKind.CopyOfSale }, caps, SampleReceipts.Logo()), "Salgskvittering 4711 (KOPI)");
            Assert.Equal(PrintOutcome.NotPrinted, (await printer.PrintAsync(kopi, CancellationToken.None)).Outcome);

            // Paper refilled: the printer finishes what it had buffered (one cut), and nothing is sent again by the transport.
            emulator.PaperOut = false;
            await WaitFor(() => printer.Condition == PrinterCondition.Ready && emulator.Printed == 1, printer);
            await Task.Delay(Timing.HeartbeatInterval * 3);
            Assert.Equal(1, emulator.Printed);
            Assert.Single(EncoderGoldenTests.FindAll(emulator.Received, originalBytes));
            Assert.Single(emulator.Paper, l => l.Contains("Takk for handelen!", StringComparison.Ordinal));
            Assert.DoesNotContain(emulator.Paper, l => l.Contains("KOPI", StringComparison.Ordinal));

            // The reprint is the one copy, marked KOPI, and prints whole.
            var received = emulator.Received.Length;
            Assert.Equal(PrintOutcome.Printed, (await printer.PrintAsync(kopi, CancellationToken.None)).Outcome);
            Assert.Equal(2, emulator.Printed);
            Assert.Single(EncoderGoldenTests.FindAll(emulator.Received, originalBytes));
            Assert.Single(EncoderGoldenTests.FindAll(emulator.Received, kopi.Data.ToArray()));
            var copyText = ReceiptPreview.Text(emulator.Received.AsSpan(received), caps);
            Assert.Contains("K O P I", copyText, StringComparison.Ordinal);
            var afterRefill = emulator.Paper.SkipWhile(l => l != "--- cut ---").Skip(1).ToList();
            Assert.Contains(afterRefill, l => l.Contains("KOPI", StringComparison.Ordinal));
            Assert.Equal("--- cut ---", afterRefill[^1]);
        }
        finally
        {
            await stop.CancelAsync();
            await loop;
        }
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
