using System.Text.Json;
using KioskRuntime.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace KioskRuntime.EndToEnd.Tests;

/// <summary>Norwegian receipt rules as the real kioskd enforces them: no sale without a printer that can print, at most one KOPI, returns.</summary>
[Collection("processes")]
public sealed class ReceiptRulesTests(ITestOutputHelper output)
{
    private const string Jam = "07038010001659";

    [Fact]
    public async Task Paper_out_stops_sales_one_copy_is_allowed_and_a_receipt_starts_a_return()
    {
        await using var env = await KioskEnvironment.StartAsync();
        try
        {
            env.StartKioskd(watchdogMs: 0);
            await env.Notify.WaitForAsync(a => a == "READY=1", TimeSpan.FromSeconds(20));
            await KioskEnvironment.EventuallyAsync(async () => (await env.CtlAsync("scan", Jam)).Exit == 0, TimeSpan.FromSeconds(20), "catalog pulled");

            // Paper out: the kiosk says why and refuses to take money.
            await File.WriteAllTextAsync(Path.Combine(env.PrinterFolder, "PAPER-OUT"), "");
            var refused = await env.CtlAsync("checkout");
            Assert.Equal(1, refused.Exit);
            Assert.Contains("receipt printer is not ready (PaperOut)", refused.Err, StringComparison.Ordinal);
            using (var status = JsonDocument.Parse((await env.CtlAsync("status", "--json")).Out))
            {
                Assert.Equal("out-of-service", status.RootElement.GetProperty("state").GetString());
            }

            Assert.Empty(Directory.GetFiles(env.PrinterFolder, "*.bin"));
            Assert.True(TerminalLedger.Read(env.DataDir).Count == 0, "the terminal must not be asked");

            // Paper refilled: the same cart sells.
            File.Delete(Path.Combine(env.PrinterFolder, "PAPER-OUT"));
            var sold = await env.CtlAsync("checkout");
            Assert.True(sold.Exit == 0, sold.Err);

            // One copy, marked KOPI; never a second.
            var copy = await env.CtlAsync("receipt", "reprint", "1");
            Assert.True(copy.Exit == 0, copy.Err);
            var texts = Directory.GetFiles(env.PrinterFolder, "*.txt").Order().ToList();
            Assert.Equal(2, texts.Count);
            Assert.Contains("KOPI", await File.ReadAllTextAsync(texts[1]), StringComparison.Ordinal);
            Assert.DoesNotContain("KOPI", await File.ReadAllTextAsync(texts[0]), StringComparison.Ordinal);
            var second = await env.CtlAsync("receipt", "reprint", "1");
            Assert.Equal(1, second.Exit);
            Assert.Contains("one copy", second.Err, StringComparison.Ordinal);

            // The receipt's return code starts a return (the guessable old form does not); the goods are scanned back; checkout refunds
            // it and prints a Returkvittering; a second return is refused.
            var guessed = await env.CtlAsync("scan", $"KRT:{KioskEnvironment.KioskId}:1");
            Assert.Equal(1, guessed.Exit);
            Assert.Contains("not a valid return code", guessed.Err, StringComparison.Ordinal);
            var code = env.ReturnCodeOf(1);
            var start = await env.CtlAsync("scan", code);
            Assert.True(start.Exit == 0, start.Err);
            var early = await env.CtlAsync("checkout");
            Assert.Equal(1, early.Exit);
            Assert.Contains("scan every item of receipt 1 back first", early.Err, StringComparison.Ordinal);
            var back = await env.CtlAsync("scan", Jam);
            Assert.True(back.Exit == 0, back.Err);
            var refund = await env.CtlAsync("checkout");
            Assert.True(refund.Exit == 0, refund.Err);
            var returnReceipt = Directory.GetFiles(env.PrinterFolder, "*.txt").Order().Last();
            Assert.Contains("Returkvittering", (await File.ReadAllTextAsync(returnReceipt)).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
            var again = await env.CtlAsync("scan", code);
            Assert.Equal(1, again.Exit);
            Assert.Contains("already returned", again.Err, StringComparison.Ordinal);

            // Upstream: the return arrives after its sale, and stock went down and back up.
            await KioskEnvironment.EventuallyAsync(async () => (await env.UpstreamEventsAsync()).Any(e => e.Event.GetProperty("type").GetString() == "return"), TimeSpan.FromSeconds(10), "return delivered");
            var stored = await env.UpstreamEventsAsync();
            Assert.All(stored, e => Assert.Equal("accepted", e.Status));
            var saleSeq = stored.First(e => e.Event.GetProperty("type").GetString() == "sale").Event.GetProperty("seq").GetInt64();
            var ret = stored.First(e => e.Event.GetProperty("type").GetString() == "return").Event;
            Assert.True(ret.GetProperty("seq").GetInt64() > saleSeq);
            Assert.Equal(saleSeq, ret.GetProperty("payload").GetProperty("originalSeq").GetInt64());
            using var stock = JsonDocument.Parse(await env.Http.GetStringAsync($"v1/kiosks/{KioskEnvironment.KioskId}/stock?gtin={Jam}"));
            Assert.Equal("36", stock.RootElement.GetProperty("stock").GetString());
        }
        catch
        {
            output.WriteLine(env.Diagnostics());
            throw;
        }
    }
}
