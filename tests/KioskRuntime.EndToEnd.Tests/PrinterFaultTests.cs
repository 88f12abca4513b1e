using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KioskRuntime.EndToEnd.Tests.Harness;
using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos.Decoding;
using KioskRuntime.Printing.Tests;
using Xunit.Abstractions;

namespace KioskRuntime.EndToEnd.Tests;

/// <summary>
/// The real kioskd printing over TCP 9100 to the printer emulator (in this test process, on loopback) while the printer runs out of
/// paper mid-receipt, has its cover open, or drops the connection mid-job. What kioskd promises (SalePipeline.Receipts): the sale is
/// journaled whatever the printer does; an original whose outcome is unknown is never printed again as an original; the one copy
/// marked KOPI comes only on request, and only once.
/// </summary>
[Collection("processes")]
public sealed class PrinterFaultTests(ITestOutputHelper output)
{
    private const string Jam = "07038010001659";

    /// <summary>The full DLE EOT 1, 2, 4 query kioskd sends before a job and as its heartbeat.</summary>
    private const int FullQueryBytes = 9;

    /// <summary>Where inside the job the fault strikes: past kioskd's status query, well inside the receipt's bytes.</summary>
    private const int IntoTheJob = FullQueryBytes + 300;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Paper_out_mid_receipt_journals_the_sale_never_reprints_the_original_and_allows_one_kopi()
    {
        await using var printer = new PrinterEmulator();
        await using var env = await StartKioskAsync(printer);
        try
        {
            Assert.True((await env.CtlAsync("scan", Jam)).Exit == 0);

            // Paper runs out once the receipt is under way: the fence (GS r 1) is never answered, the paper query says why. The
            // emulator stops at the read that crosses the limit; kioskd sends this short receipt in one write, so the whole job waits
            // in the printer's buffer (PaperOutDuringPrintTests covers a head already on paper at the transport level).
            var beforeJob = printer.Received.Length;
            printer.PaperOutAfter(IntoTheJob);
            var checkout = await env.CtlAsync("checkout");
            Assert.True(checkout.Exit == 0, $"the sale must be journaled whatever the printer does: {checkout.Out} {checkout.Err}");
            Assert.True(printer.PaperOut, "the emulator never ran out of paper: the job was shorter than expected");
            Assert.True(printer.Received.Length - beforeJob > IntoTheJob + 200, $"the paper ran out too close to the end of the job ({printer.Received.Length - beforeJob} bytes)");
            var printed = await ReceiptPrintedAsync(env, 1);
            output.WriteLine($"receipt 1: {printer.Received.Length - beforeJob} bytes after the fault was armed; journaled {printed.Outcome}: {printed.Detail}");
            Assert.Equal(("original", "unknown"), (printed.Kind, printed.Outcome));
            Assert.Contains("PaperOut", printed.Detail, StringComparison.Ordinal);
            Assert.Equal(0, printer.Printed);

            // kioskd says so and takes no money while the paper is out.
            var (state, reason, device) = await StatusAsync(env);
            Assert.Equal("out-of-service", state);
            Assert.Contains("PaperOut", reason, StringComparison.Ordinal);
            Assert.Equal(("degraded", "PaperOut"), device);
            Assert.True((await env.CtlAsync("scan", Jam)).Exit == 0);
            var refused = await env.CtlAsync("checkout");
            Assert.Equal(1, refused.Exit);
            Assert.Contains("receipt printer is not ready (PaperOut)", refused.Err, StringComparison.Ordinal);
            Assert.Single(TerminalLedger.Read(env.DataDir)); // the first sale's payment only: the refused checkout asked no terminal

            // A copy asked for while the paper is out is not printed, and does not use up the one copy.
            var early = await env.CtlAsync("receipt", "reprint", "1");
            Assert.Equal(1, early.Exit);
            Assert.Equal(0, printer.Printed);

            // Paper refilled: the printer finishes the receipt it had buffered; kioskd sends nothing again, heartbeat after heartbeat.
            printer.PaperOut = false;
            await KioskEnvironment.EventuallyAsync(async () => printer.Printed == 1 && (await StatusAsync(env)).Device.State == "ready", Patience, "printer ready again after the refill");
            await HeartbeatsAsync(printer, 3);
            Assert.Equal(1, printer.Printed);
            Assert.Equal([("Salgskvittering", 1L)], Receipts(printer.Received));
            Assert.Single(printer.Paper, l => l.Trim() == "Salgskvittering");
            Assert.Equal("unknown", (await ReceiptPrintedAsync(env, 1)).Outcome);

            // The reprint is the one copy, marked KOPI; a second one is refused.
            var copy = await env.CtlAsync("receipt", "reprint", "1");
            Assert.True(copy.Exit == 0, copy.Err);
            Assert.Contains("KOPI", copy.Out, StringComparison.Ordinal);
            Assert.Equal(2, printer.Printed);
            Assert.Equal([("Salgskvittering", 1L), ("KOPI", 1L)], Receipts(printer.Received));
            var second = await env.CtlAsync("receipt", "reprint", "1");
            Assert.Equal(1, second.Exit);
            Assert.Contains("one copy", second.Err, StringComparison.Ordinal);
            Assert.Equal(2, printer.Printed);

            // The cart kept from the refused checkout sells now, with the next receipt number.
            var sold = await env.CtlAsync("checkout");
            Assert.True(sold.Exit == 0, sold.Err);
            var next = await ReceiptPrintedAsync(env, 2);
            Assert.Equal(("original", "printed"), (next.Kind, next.Outcome));
            Assert.Equal([("Salgskvittering", 1L), ("KOPI", 1L), ("Salgskvittering", 2L)], Receipts(printer.Received));
            Assert.Equal(3, printer.Printed);
        }
        catch
        {
            output.WriteLine(env.Diagnostics());
            throw;
        }
    }

    [Fact]
    public async Task Cover_open_refuses_the_sale_and_a_connection_dropped_mid_job_is_never_resent()
    {
        await using var printer = new PrinterEmulator();
        await using var env = await StartKioskAsync(printer);
        try
        {
            // Cover open before checkout: kioskd says why, asks no terminal for money, sends the printer nothing but status queries.
            printer.CoverOpen = true;
            await KioskEnvironment.EventuallyAsync(async () => (await StatusAsync(env)).Device.Detail == "CoverOpen", Patience, "kioskd sees the cover open");
            Assert.True((await env.CtlAsync("scan", Jam)).Exit == 0);
            var refused = await env.CtlAsync("checkout");
            Assert.Equal(1, refused.Exit);
            Assert.Contains("receipt printer is not ready (CoverOpen)", refused.Err, StringComparison.Ordinal);
            var asked = TerminalLedger.Read(env.DataDir);
            Assert.True(asked.Count == 0, $"the terminal must not be asked: its ledger has {string.Join("; ", asked)}");
            Assert.Empty(Receipts(printer.Received));

            // Cover closed: the same cart sells and prints.
            printer.CoverOpen = false;
            await KioskEnvironment.EventuallyAsync(async () => (await StatusAsync(env)).Device.State == "ready", Patience, "printer ready after the cover closed");
            var sold = await env.CtlAsync("checkout");
            Assert.True(sold.Exit == 0, sold.Err);
            Assert.Equal("printed", (await ReceiptPrintedAsync(env, 1)).Outcome);
            Assert.Equal(1, printer.Printed);
            Assert.True(Assert.Single(TerminalLedger.Read(env.DataDir)).Charged, "the terminal's ledger has the one payment of the sale");

            // The connection drops while the next receipt is sent: the sale is journaled, the receipt's outcome is unknown.
            Assert.True((await env.CtlAsync("scan", Jam)).Exit == 0);
            printer.DropAfter(IntoTheJob);
            var dropped = await env.CtlAsync("checkout");
            Assert.True(dropped.Exit == 0, $"the sale must be journaled whatever the printer does: {dropped.Out} {dropped.Err}");
            var outcome = await ReceiptPrintedAsync(env, 2);
            output.WriteLine($"receipt 2: journaled {outcome.Outcome}: {outcome.Detail}");
            Assert.Equal(("original", "unknown"), (outcome.Kind, outcome.Outcome));
            Assert.Contains("connection", outcome.Detail, StringComparison.Ordinal);

            // kioskd reconnects and goes on polling; it never sends receipt 2 again as an original.
            await KioskEnvironment.EventuallyAsync(async () => printer.Connections == 2 && (await StatusAsync(env)).Device.State == "ready", Patience, "kioskd reconnected to the printer");
            var reconnectedAt = printer.Received.Length;
            await HeartbeatsAsync(printer, 3);
            Assert.Equal(1, printer.Printed);
            Assert.Empty(Receipts(printer.Received[reconnectedAt..]));
            Assert.DoesNotContain(printer.Paper, l => IsReceiptNumberLine(l, 2));

            // The one copy, on request, on the new connection.
            var copy = await env.CtlAsync("receipt", "reprint", "2");
            Assert.True(copy.Exit == 0, copy.Err);
            Assert.Equal(2, printer.Printed);
            Assert.Equal([("KOPI", 2L)], Receipts(printer.Received[reconnectedAt..]));
            var second = await env.CtlAsync("receipt", "reprint", "2");
            Assert.Equal(1, second.Exit);
            Assert.Contains("one copy", second.Err, StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(env.Diagnostics());
            throw;
        }
    }

    /// <summary>A paper line "Kvittering nr ... N".</summary>
    private static bool IsReceiptNumberLine(string line, long receiptNo) =>
        line.StartsWith("Kvittering nr", StringComparison.Ordinal) && line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1] == receiptNo.ToString(CultureInfo.InvariantCulture);

    /// <summary>The back office, then kioskd on the simulated profile with its printer replaced by <paramref name="printer"/>, ready to sell.</summary>
    private async Task<KioskEnvironment> StartKioskAsync(PrinterEmulator printer)
    {
        var env = await KioskEnvironment.StartAsync();
        try
        {
            // An unsigned profile with a real printer driver: kioskd runs it only with the development setting (issue 16).
            env.StartKioskd(watchdogMs: 0, profile: WriteProfile(env.Root, printer.Port), extraEnvironment: new Dictionary<string, string?> { ["Kiosk__AllowUnsignedProfiles"] = "true" });
            await env.Notify.WaitForAsync(a => a == "READY=1", TimeSpan.FromSeconds(20));
            await KioskEnvironment.EventuallyAsync(async () => (await StatusAsync(env)).Device.State == "ready", Patience, "printer ready");
            await KioskEnvironment.EventuallyAsync(async () => (await env.CtlAsync("scan", Jam)).Exit == 0, TimeSpan.FromSeconds(20), "catalog pulled");
            Assert.True((await env.CtlAsync("cancel")).Exit == 0);
            return env;
        }
        catch
        {
            output.WriteLine(env.Diagnostics());
            await env.DisposeAsync();
            throw;
        }
    }

    /// <summary>hardware-profiles/simulated.json with its printer replaced by a TCP 9100 one at the emulator, written under <paramref name="dir"/>.</summary>
    private static string WriteProfile(string dir, int port)
    {
        var profile = JsonNode.Parse(
            File.ReadAllText(RepoPaths.SimulatedProfile),
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        var devices = profile["devices"]!.AsArray();
        var at = devices.Select((d, i) => (Kind: d!["kind"]!.GetValue<string>(), Index: i)).Single(d => d.Kind == "printer").Index;
        devices[at] = new JsonObject
        {
            ["name"] = "printer",
            ["kind"] = "printer",
            ["driver"] = "tcp9100",
            ["path"] = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            ["options"] = new JsonObject { ["capabilities"] = "epson-tm-t20iii", ["paperWidthMm"] = 80 },
        };
        var path = Path.Combine(dir, "tcp9100-printer.json");
        File.WriteAllText(path, profile.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    private static async Task<(string State, string Reason, (string State, string? Detail) Device)> StatusAsync(KioskEnvironment env)
    {
        var status = await env.CtlAsync("status", "--json");
        Assert.True(status.Exit == 0, status.Err);
        using var doc = JsonDocument.Parse(status.Out);
        var root = doc.RootElement;
        var printer = root.GetProperty("devices").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "printer");
        Assert.Equal("tcp9100", printer.GetProperty("driver").GetString());
        return (
            root.GetProperty("state").GetString()!,
            root.TryGetProperty("reason", out var reason) ? reason.GetString() ?? "" : "",
            (printer.GetProperty("state").GetString()!, printer.TryGetProperty("detail", out var detail) ? detail.GetString() : null));
    }

    /// <summary>The last receipt-printed event kioskd journaled for an original (or copy) of <paramref name="receiptNo"/>.</summary>
    private static async Task<(string Kind, string Outcome, string Detail)> ReceiptPrintedAsync(KioskEnvironment env, long receiptNo)
    {
        var export = await env.CtlAsync("journal", "export");
        Assert.True(export.Exit == 0, export.Err);
        var events = export.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "receipt-printed")
            .Select(e => e.GetProperty("payload"))
            .Select(p => p.ValueKind == JsonValueKind.String ? JsonDocument.Parse(p.GetString()!).RootElement : p)
            .Where(p => p.GetProperty("receiptNo").GetInt64() == receiptNo && p.GetProperty("kind").GetString() != "copy")
            .ToList();
        var last = Assert.Single(events);
        return (last.GetProperty("kind").GetString()!, last.GetProperty("outcome").GetString()!, last.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "");
    }

    /// <summary>Waits until kioskd has sent <paramref name="count"/> more full status queries (its heartbeat, every 2 s).</summary>
    private static Task HeartbeatsAsync(PrinterEmulator printer, int count)
    {
        var from = printer.Received.Length;
        return KioskEnvironment.EventuallyAsync(() => Task.FromResult(printer.Received.Length >= from + (count * FullQueryBytes)), Patience, $"{count} heartbeats");
    }

    /// <summary>The receipts in a recorded byte stream, in order, as (headline, receipt number): "Salgskvittering" is an original, "KOPI" the copy.</summary>
    private static List<(string Headline, long ReceiptNo)> Receipts(byte[] stream)
    {
        var receipts = new List<(string, long)>();
        string? headline = null;
        foreach (var line in EscPosDecoder.Decode(stream).Blocks.OfType<DecodedTextLine>().Select(l => l.Text.Trim()))
        {
            if (line is "Salgskvittering" or "Returkvittering" or "KOPI")
            {
                headline = line;
            }
            else if (headline is not null && line.StartsWith("Kvittering nr", StringComparison.Ordinal))
            {
                receipts.Add((headline, long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1], CultureInfo.InvariantCulture)));
                headline = null;
            }
        }

        return receipts;
    }
}
