using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using KioskRuntime.Control;
using KioskRuntime.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace KioskRuntime.EndToEnd.Tests;

/// <summary>
/// Issue 8: kill -9 at every step of a card payment, against the real nexo driver and the nexo terminal simulated inside kioskd (the
/// simulated profile's <c>nexo-simulated</c> terminal, which keeps its own ledger in a state file). kioskd is started with the test-only
/// switch <c>KIOSK_ENABLE_FAULTS=1 KIOSK_KILL_AT=step</c> (the test host, tests/KioskRuntime.Testing.Kioskd) and sends itself SIGKILL exactly there; the next start recovers (it asks the
/// terminal with nexo TransactionStatus). At the end, from the journal (<c>kioskctl journal export</c>) and from the terminal's ledger:
/// every charge has exactly one sale, no cart was charged twice, declined and never-received payments have no sale, a sale completed by
/// recovery has its receipt marked as recovered, and every sale has exactly one original receipt. The same for a return's refund (a
/// reversal of the card payment): killed at each refund step, the terminal reversed the payment at most once, the journal has one
/// return for it iff the terminal reversed it, and a receipt that was refunded cannot be returned again.
/// </summary>
[Collection("processes")]
public sealed class PaymentStepKillTests(ITestOutputHelper output)
{
    private const string Jam = "07038010001659"; // 42.90: the terminal approves

    // Apples at 34.90/kg, weighed (GS1 AI 3103, grams): the weight sets the amount's øre ending, which chooses the simulated terminal's answer.
    private const string ApplesDeclined = "(01)07038600022507(3103)000147"; // 5.13: declined
    private const string ApplesAnswerLost = "(01)07038600022507(3103)000176"; // 6.14: approved, connection lost before the answer
    private const string ApplesNeverReceived = "(01)07038600022507(3103)000520"; // 18.15: the terminal never gets the request

    private const string RecoveredMark = "Gjenopprettet etter omstart";

    private static readonly PaymentCase[] Cases =
    [
        new("intent-journaled", Jam, "42.90", Expect.NotCharged),
        new("terminal-received", Jam, "42.90", Expect.NotCharged),
        new("terminal-decided", Jam, "42.90", Expect.RecoveredSale),
        new("answer-received", Jam, "42.90", Expect.RecoveredSale),
        new("sale-committed", Jam, "42.90", Expect.Sale),
        new("receipt-sent", Jam, "42.90", Expect.SaleReceiptUnknown),
        new("receipt-printed", Jam, "42.90", Expect.Sale),
        new(null, ApplesDeclined, "5.13", Expect.Declined),
        new("terminal-decided", ApplesDeclined, "5.13", Expect.Declined),
        new(null, ApplesAnswerLost, "6.14", Expect.Sale),
        new("terminal-decided", ApplesAnswerLost, "6.14", Expect.RecoveredSale),
        new("answer-received", ApplesAnswerLost, "6.14", Expect.RecoveredSale),
        new(null, ApplesNeverReceived, "18.15", Expect.NotCharged),
    ];

    private enum Expect
    {
        /// <summary>Nothing at the terminal's ledger, no sale; the intent is settled as not charged.</summary>
        NotCharged,

        /// <summary>Declined at the terminal (its ledger says so), no sale, a declined outcome in the journal.</summary>
        Declined,

        /// <summary>Charged once and sold once, by the checkout itself; the receipt is an ordinary original.</summary>
        Sale,

        /// <summary>Charged once and sold once, by recovery at the next start; the receipt says it was recovered.</summary>
        RecoveredSale,

        /// <summary>Sold by the checkout; kioskd died after sending the receipt, before journaling that it printed: the one original on paper
        /// is journaled as unknown at the next start and never printed again as an original.</summary>
        SaleReceiptUnknown,
    }

    [Fact]
    public async Task A_kill_9_at_any_step_of_a_payment_neither_loses_nor_doubles_a_charge()
    {
        var clock = Stopwatch.StartNew();
        await using var env = await KioskEnvironment.StartAsync();
        var client = new ControlClient(DataDirectory.SocketPath(env.DataDir));
        try
        {
            for (var i = 0; i < Cases.Length; i++)
            {
                var c = Cases[i];
                var kioskd = StartKioskd(env, c.KillAt);
                await WaitReadyAsync(env, client);
                if (i == 0)
                {
                    await KioskEnvironment.EventuallyAsync(
                        async () => (await client.SendAsync("scan", new JsonObject { ["code"] = Jam })).Ok == true, TimeSpan.FromSeconds(30), "catalog pulled");
                    await client.SendAsync("cancel");
                }

                // The cancel answers once the pipeline runs, i.e. after the previous case's intent was settled by recovery.
                Assert.True((await client.SendAsync("cancel")).Ok == true);
                var scan = await client.SendAsync("scan", new JsonObject { ["code"] = c.Code });
                Assert.True(scan.Ok == true, $"case {i}: scan of {c.Code} refused: {scan.Error}");
                Assert.Equal(c.Total, scan.Result?["cart"]?["total"]?.GetValue<string>());

                var checkout = await CheckoutAsync(client);
                if (c.KillAt is { } step)
                {
                    Assert.True(checkout is null || checkout.Ok != true, $"case {i}: checkout answered although kioskd was to die at {step}");
                    Assert.Equal(137, await kioskd.WaitForExitAsync(TimeSpan.FromSeconds(30))); // 128 + SIGKILL
                    Assert.Contains($"KIOSK_KILL_AT={step}: SIGKILL", kioskd.Output, StringComparison.Ordinal);
                }
                else
                {
                    Assert.NotNull(checkout);
                    switch (c.Expect)
                    {
                        case Expect.Sale:
                            Assert.True(checkout.Ok == true, $"case {i}: {checkout.Error}");
                            break;
                        case Expect.Declined:
                            Assert.Contains("payment declined", checkout.Error, StringComparison.Ordinal);
                            break;
                        default:
                            Assert.Contains("payment outcome unknown", checkout.Error, StringComparison.Ordinal);
                            break;
                    }

                    kioskd.Signal(15);
                    Assert.Equal(0, await kioskd.WaitForExitAsync(TimeSpan.FromSeconds(20)));
                }

                output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0}s case {i}: {c.KillAt ?? "no kill"}, {c.Total}, checkout: {checkout?.Error ?? (checkout is null ? "connection died" : "ok")}");
            }

            // A clean start settles what the last kill left open; the cancel returns once recovery is done.
            var final = StartKioskd(env, null);
            await WaitReadyAsync(env, client);
            Assert.True((await client.SendAsync("cancel")).Ok == true);
            var verify = await env.CtlAsync("journal", "verify", "--json");
            Assert.True(verify.Exit == 0, "journal verify failed: " + verify.Out + verify.Err);
            var events = (await env.CtlAsync("journal", "export")).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonDocument.Parse(l).RootElement).ToList();
            var ledger = TerminalLedger.Read(env.DataDir);
            output.WriteLine($"ledger: {string.Join("; ", ledger.Select(t => $"{t.Amount} {t.Outcome} {t.State}"))}");
            CheckEveryCase(events, ledger, env.PrinterFolder);

            final.Signal(15);
            Assert.Equal(0, await final.WaitForExitAsync(TimeSpan.FromSeconds(20)));
            output.WriteLine($"{Cases.Length} cases in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        catch
        {
            output.WriteLine(env.Diagnostics());
            throw;
        }
    }

    private static void CheckEveryCase(List<JsonElement> events, IReadOnlyList<TerminalTransaction> ledger, string printerFolder)
    {
        static JsonElement Payload(JsonElement e) => e.GetProperty("payload");
        List<JsonElement> OfType(string type) => events.Where(e => e.GetProperty("type").GetString() == type).ToList();

        var intents = OfType("payment-intent");
        var outcomes = OfType("payment-outcome");
        var sales = OfType("sale");
        var printed = OfType("receipt-printed");
        Assert.Equal(Cases.Length, intents.Count); // one intent per checkout, in the order of the cases

        // Whole-run invariants: the terminal charged each intent at most once, and every charge has exactly one sale.
        Assert.All(ledger.GroupBy(t => t.TransactionId), g => Assert.Single(g));
        var saleRefs = sales.Select(s => Payload(s).GetProperty("payments")[0].GetProperty("terminalRef").GetString()!).ToList();
        Assert.Equal(saleRefs.Count, saleRefs.Distinct().Count());
        Assert.Equal(ledger.Where(t => t.Charged).Select(t => t.PoiTransactionId).Order(), saleRefs.Order());

        // Declined and never-received payments have no sale: only the cases that were charged sold anything.
        Assert.Equal(Cases.Count(c => c.Expect is Expect.Sale or Expect.RecoveredSale or Expect.SaleReceiptUnknown), sales.Count);

        for (var i = 0; i < Cases.Length; i++)
        {
            var c = Cases[i];
            var intentId = Payload(intents[i]).GetProperty("intentId").GetString()!;
            Assert.Equal(c.Total, Payload(intents[i]).GetProperty("amount").GetString());
            var charge = ledger.SingleOrDefault(t => t.TransactionId == intentId);
            var finalOutcome = outcomes.LastOrDefault(o => Payload(o).GetProperty("intentId").GetString() == intentId);
            var what = $"case {i} ({c.KillAt ?? "no kill"}, {c.Total})";
            switch (c.Expect)
            {
                case Expect.NotCharged:
                    Assert.True(charge is null, $"{what}: the terminal has a record of it: {charge}");
                    Assert.True(finalOutcome.ValueKind == JsonValueKind.Object, $"{what}: no outcome journaled");
                    Assert.Equal("not-charged", Payload(finalOutcome).GetProperty("result").GetString());
                    break;
                case Expect.Declined:
                    Assert.True(charge is { State: "Declined" }, $"{what}: the terminal's ledger says {charge}");
                    Assert.True(finalOutcome.ValueKind == JsonValueKind.Object, $"{what}: no outcome journaled");
                    Assert.Equal("declined", Payload(finalOutcome).GetProperty("result").GetString());
                    Assert.Equal(c.KillAt is not null, Payload(finalOutcome).GetProperty("recovered").GetBoolean());
                    break;
                default:
                    Assert.True(charge is { Charged: true }, $"{what}: the terminal's ledger says {charge}");
                    Assert.True(finalOutcome.ValueKind == JsonValueKind.Undefined, $"{what}: a sale with a payment outcome {finalOutcome}");
                    var sale = Assert.Single(sales, s => Payload(s).GetProperty("payments")[0].GetProperty("terminalRef").GetString() == charge!.PoiTransactionId);
                    Assert.Equal(c.Total, Payload(sale).GetProperty("total").GetString());
                    var receiptNo = Payload(sale).GetProperty("receiptNo").GetInt64();

                    // Exactly one original receipt reached paper (none is ever printed twice as an original), marked when recovery made the sale.
                    var originals = printed.Where(p => Payload(p).GetProperty("receiptNo").GetInt64() == receiptNo && Payload(p).GetProperty("kind").GetString() == "original").ToList();
                    Assert.Equal(c.Expect == Expect.SaleReceiptUnknown ? "unknown" : "printed", Assert.Single(originals).GetProperty("payload").GetProperty("outcome").GetString());
                    var file = Assert.Single(Directory.GetFiles(printerFolder, $"*-r{receiptNo}.txt"));
                    Assert.Equal(c.Expect == Expect.RecoveredSale, File.ReadAllText(file).Contains(RecoveredMark, StringComparison.Ordinal));
                    break;
            }
        }
    }

    // A return: the sale receipt's code (KRT:<kiosk>:<receiptNo>:<token>, read from the printed receipt) is scanned, the goods are
    // scanned back, and checkout refunds it, a reversal of the card payment
    // sent under the refund intent's own ServiceID. Each case sells first (all on one run), then is refunded; kill cases die there.
    private static readonly RefundCase[] RefundCases =
    [
        new(null, ApplesAnswerLost, "6.14", Refund.Returned), // the reversal's answer is lost too: the checkout asks the reversal's status
        new("refund-intent-journaled", Jam, "42.90", Refund.NotReversed),
        new("refund-terminal-received", Jam, "42.90", Refund.NotReversed),
        new("refund-terminal-decided", Jam, "42.90", Refund.RecoveredReturn),
        new("refund-answer-received", Jam, "42.90", Refund.RecoveredReturn),
    ];

    private enum Refund
    {
        /// <summary>The terminal never reversed it: no return, the refund intent settled as not-charged, the receipt can still be returned.</summary>
        NotReversed,

        /// <summary>Reversed once and returned once, by the checkout itself.</summary>
        Returned,

        /// <summary>Reversed once (kioskd died before journaling it) and returned once by recovery at the next start.</summary>
        RecoveredReturn,
    }

    [Fact]
    public async Task A_kill_9_at_any_step_of_a_refund_neither_loses_nor_doubles_a_refund()
    {
        var clock = Stopwatch.StartNew();
        await using var env = await KioskEnvironment.StartAsync();
        var client = new ControlClient(DataDirectory.SocketPath(env.DataDir));
        try
        {
            ChildProcess? kioskd = StartKioskd(env, null);
            await WaitReadyAsync(env, client);
            await KioskEnvironment.EventuallyAsync(
                async () => (await client.SendAsync("scan", new JsonObject { ["code"] = Jam })).Ok == true, TimeSpan.FromSeconds(30), "catalog pulled");
            var receipts = new long[RefundCases.Length];
            for (var i = 0; i < RefundCases.Length; i++)
            {
                Assert.True((await client.SendAsync("cancel")).Ok == true);
                Assert.True((await client.SendAsync("scan", new JsonObject { ["code"] = RefundCases[i].Code })).Ok == true, $"sale {i}: scan refused");
                var sold = await client.SendAsync("checkout");
                Assert.True(sold.Ok == true, $"sale {i}: {sold.Error}");
                receipts[i] = sold.Result!["receiptNo"]!.GetValue<long>();
            }

            output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0}s {RefundCases.Length} sales");
            for (var i = 0; i < RefundCases.Length; i++)
            {
                var c = RefundCases[i];
                if (kioskd is null || c.KillAt is not null)
                {
                    if (kioskd is not null)
                    {
                        kioskd.Signal(15);
                        Assert.Equal(0, await kioskd.WaitForExitAsync(TimeSpan.FromSeconds(20)));
                    }

                    kioskd = StartKioskd(env, c.KillAt);
                    await WaitReadyAsync(env, client);
                }

                // The cancel answers once the pipeline runs, i.e. after the previous case's refund intent was settled by recovery.
                Assert.True((await client.SendAsync("cancel")).Ok == true);
                var start = await client.SendAsync("scan", new JsonObject { ["code"] = env.ReturnCodeOf(receipts[i]) });
                Assert.True(start.Ok == true, $"refund case {i}: return of receipt {receipts[i]} refused: {start.Error}");
                var back = await client.SendAsync("scan", new JsonObject { ["code"] = c.Code });
                Assert.True(back.Ok == true, $"refund case {i}: item of receipt {receipts[i]} not taken back: {back.Error}");
                var checkout = await CheckoutAsync(client);
                if (c.KillAt is { } step)
                {
                    Assert.True(checkout is null || checkout.Ok != true, $"refund case {i}: checkout answered although kioskd was to die at {step}");
                    Assert.Equal(137, await kioskd.WaitForExitAsync(TimeSpan.FromSeconds(30)));
                    Assert.Contains($"KIOSK_KILL_AT={step}: SIGKILL", kioskd.Output, StringComparison.Ordinal);
                    kioskd = null;
                }
                else
                {
                    Assert.True(checkout?.Ok == true, $"refund case {i}: {checkout?.Error ?? "connection died"}");
                }

                output.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0}s refund case {i}: {c.KillAt ?? "no kill"}, {c.Total}, checkout: {checkout?.Error ?? (checkout is null ? "connection died" : "ok")}");
            }

            // A clean start settles what the last kill left open; the cancel returns once recovery is done.
            if (kioskd is null)
            {
                kioskd = StartKioskd(env, null);
                await WaitReadyAsync(env, client);
            }

            Assert.True((await client.SendAsync("cancel")).Ok == true);
            var verify = await env.CtlAsync("journal", "verify", "--json");
            Assert.True(verify.Exit == 0, "journal verify failed: " + verify.Out + verify.Err);
            var events = (await env.CtlAsync("journal", "export")).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonDocument.Parse(l).RootElement).ToList();
            using var terminalState = JsonDocument.Parse(File.ReadAllBytes(TerminalLedger.PathIn(env.DataDir)));
            CheckEveryRefund(events, terminalState.RootElement.EnumerateArray().ToList(), receipts, env.PrinterFolder);

            // A second return of the same receipt is refused iff the first one gave the money back.
            for (var i = 0; i < RefundCases.Length; i++)
            {
                var again = await client.SendAsync("scan", new JsonObject { ["code"] = env.ReturnCodeOf(receipts[i]) });
                if (RefundCases[i].Expect == Refund.NotReversed)
                {
                    Assert.True(again.Ok == true, $"refund case {i}: nothing was refunded, yet a new return is refused: {again.Error}");
                    Assert.True((await client.SendAsync("cancel")).Ok == true);
                }
                else
                {
                    Assert.True(again.Ok != true, $"refund case {i}: receipt {receipts[i]} could be returned a second time");
                    Assert.Contains("already returned", again.Error, StringComparison.Ordinal);
                }
            }

            kioskd.Signal(15);
            Assert.Equal(0, await kioskd.WaitForExitAsync(TimeSpan.FromSeconds(20)));
            output.WriteLine($"{RefundCases.Length} refund cases in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        catch
        {
            output.WriteLine(env.Diagnostics());
            throw;
        }
    }

    private static void CheckEveryRefund(List<JsonElement> events, List<JsonElement> terminal, long[] receipts, string printerFolder)
    {
        static JsonElement Payload(JsonElement e) => e.GetProperty("payload");
        List<JsonElement> OfType(string type) => events.Where(e => e.GetProperty("type").GetString() == type).ToList();
        static List<JsonElement> Reversals(JsonElement payment) =>
            payment.TryGetProperty("Reversals", out var r) ? r.EnumerateArray().ToList() : [];
        static bool Succeeded(JsonElement reversal) => reversal.GetProperty("Result").GetString() == "Success";

        var intents = OfType("payment-intent");
        var outcomes = OfType("payment-outcome");
        var sales = OfType("sale");
        var returns = OfType("return");
        Assert.Equal(2 * RefundCases.Length, intents.Count); // the sales' intents, then one refund intent per case, in order

        // Whole-run invariants: no payment was reversed twice, and there is one return per reversed payment, none for the others.
        Assert.All(terminal, p => Assert.True(Reversals(p).Count(Succeeded) <= 1, $"reversed more than once: {p}"));
        Assert.Equal(terminal.Count(p => p.GetProperty("State").GetString() == "Reversed"), returns.Count);
        Assert.Equal(RefundCases.Count(c => c.Expect != Refund.NotReversed), returns.Count);

        for (var i = 0; i < RefundCases.Length; i++)
        {
            var c = RefundCases[i];
            var what = $"refund case {i} ({c.KillAt ?? "no kill"}, {c.Total})";
            var sale = Assert.Single(sales, s => Payload(s).GetProperty("receiptNo").GetInt64() == receipts[i]);
            var terminalRef = Payload(sale).GetProperty("payments")[0].GetProperty("terminalRef").GetString();
            var payment = Assert.Single(terminal, p => p.GetProperty("PoiTransactionId").GetString() == terminalRef);
            var reversals = Reversals(payment);
            var intent = Payload(intents[RefundCases.Length + i]);
            var intentId = intent.GetProperty("intentId").GetString();
            var finalOutcome = outcomes.LastOrDefault(o => Payload(o).GetProperty("intentId").GetString() == intentId);
            var returned = returns.Where(r => Payload(r).GetProperty("originalReceiptNo").GetInt64() == receipts[i]).ToList();
            if (c.Expect == Refund.NotReversed)
            {
                Assert.True(reversals.Count == 0 && payment.GetProperty("State").GetString() == "Approved", $"{what}: the terminal says {payment}");
                Assert.Empty(returned);
                Assert.True(finalOutcome.ValueKind == JsonValueKind.Object, $"{what}: no outcome journaled for the refund intent");
                Assert.Equal("not-charged", Payload(finalOutcome).GetProperty("result").GetString());
                continue;
            }

            // Reversed exactly once, under the ServiceID journaled in the refund intent before the terminal was asked.
            var reversal = Assert.Single(reversals);
            Assert.True(Succeeded(reversal) && payment.GetProperty("State").GetString() == "Reversed", $"{what}: the terminal says {payment}");
            Assert.Equal(intent.GetProperty("serviceId").GetString(), reversal.GetProperty("ServiceId").GetString());
            Assert.True(finalOutcome.ValueKind == JsonValueKind.Undefined, $"{what}: a return with a refund outcome {finalOutcome}");
            var ret = Assert.Single(returned);
            Assert.Equal(c.Total, Payload(ret).GetProperty("total").GetString());
            var file = Assert.Single(Directory.GetFiles(printerFolder, $"*-r{Payload(ret).GetProperty("receiptNo").GetInt64()}.txt"));
            Assert.Equal(c.Expect == Refund.RecoveredReturn, File.ReadAllText(file).Contains(RecoveredMark, StringComparison.Ordinal));
        }
    }

    private static ChildProcess StartKioskd(KioskEnvironment env, string? killAt) =>
        env.StartKioskd(
            watchdogMs: 0,
            killAt is null ? null : new Dictionary<string, string?> { ["KIOSK_ENABLE_FAULTS"] = "1", ["KIOSK_KILL_AT"] = killAt },
            faults: killAt is not null);

    private static async Task WaitReadyAsync(KioskEnvironment env, ControlClient client)
    {
        var after = env.Notify.Now;
        await env.Notify.WaitForAsync(a => a == "READY=1", TimeSpan.FromSeconds(30), after);
        Assert.True(await client.IsRunningAsync(), "control socket not up after READY=1");
    }

    /// <summary>The checkout's answer, or null when the connection died with kioskd before an answer.</summary>
    private static async Task<ControlResponse?> CheckoutAsync(ControlClient client)
    {
        try
        {
            var response = await client.SendAsync("checkout");
            return response.Ok != true && response.Error?.Contains("without answering", StringComparison.Ordinal) == true ? null : response;
        }
        catch (Exception e) when (e is IOException or KioskdNotRunningException or System.Net.Sockets.SocketException or JsonException or InvalidDataException)
        {
            return null;
        }
    }

    private sealed record PaymentCase(string? KillAt, string Code, string Total, Expect Expect);

    private sealed record RefundCase(string? KillAt, string Code, string Total, Refund Expect);
}
