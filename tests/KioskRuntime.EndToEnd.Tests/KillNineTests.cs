using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KioskRuntime.Control;
using KioskRuntime.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace KioskRuntime.EndToEnd.Tests;

/// <summary>
/// kill -9 of the real kioskd while sales flow, over and over. After every kill and a final clean start: every sale that was acknowledged
/// (checkout answered "sale completed") is in the journal exactly once, the chain verifies, receipt numbers are contiguous and unique, and
/// every charge the terminal approved has exactly one sale — none lost, none doubled (crash recovery asks the terminal). Meanwhile the
/// back office injects every fault it has (5xx, 503/429 with Retry-After, resets, hangs, slow answers, commit-then-drop), and kioskd is
/// often killed mid-batch: in the end the back office holds every journal event exactly once, in order, with the journal's hashes.
/// Most kills land at a random moment; every fifth (the first included) is armed on the terminal instead (kioskd dies as soon as the terminal's ledger holds
/// a new payment: intent journaled, card charged, checkout not yet answered), so kills inside a payment do not depend on luck, and the
/// test asserts that they happened.
/// </summary>
[Collection("processes")]
public sealed class KillNineTests(ITestOutputHelper output)
{
    /// <summary>Every this many rounds, the kill is armed on the terminal's ledger rather than on the clock.</summary>
    private const int ArmedEvery = 5;

    private static readonly string[] Products = ["07038010001659", "07040030001106", "07038591002014", "07020250001278", "07042260000126"];

    [Fact]
    public async Task No_acknowledged_sale_is_lost_or_doubled_across_repeated_kill_9()
    {
        var kills = int.TryParse(Environment.GetEnvironmentVariable("KIOSK_KILL_LOOPS"), CultureInfo.InvariantCulture, out var n) ? n : 100;
        await using var env = await KioskEnvironment.StartAsync();
        var client = new ControlClient(DataDirectory.SocketPath(env.DataDir));
        var acknowledged = new Dictionary<long, long>(); // receiptNo -> seq
        var random = new Random(20261127);
        var killedMidCheckout = 0;
        var armedRounds = 0;
        var armedMidCheckout = 0;
        const string Faults = """
            [
              { "match": "POST /v1/kiosks/*/events", "fault": "commit-then-drop", "probability": 0.15, "seed": 1 },
              { "match": "POST /v1/kiosks/*/events", "fault": "status", "status": 500, "probability": 0.15, "seed": 2 },
              { "match": "POST /v1/kiosks/*/events", "fault": "status", "status": 503, "retryAfter": 1, "probability": 0.1, "seed": 3 },
              { "match": "POST /v1/kiosks/*/events", "fault": "status", "status": 429, "probability": 0.05, "seed": 4 },
              { "match": "POST /v1/kiosks/*/events", "fault": "reset", "probability": 0.1, "seed": 5 },
              { "match": "POST /v1/kiosks/*/events", "fault": "hang", "delayMs": 3000, "probability": 0.03, "seed": 6 },
              { "match": "POST /v1/kiosks/*/events", "fault": "slow", "delayMs": 300, "probability": 0.1, "seed": 7 },
              { "match": "GET /v1/kiosks/*/cursor", "fault": "status", "status": 503, "probability": 0.1, "seed": 8 }
            ]
            """;
        try
        {
            for (var round = 0; round < kills; round++)
            {
                var kioskd = env.StartKioskd(watchdogMs: 0);
                await WaitReadyAsync(env, client, round);
                if (round == 0)
                {
                    // The first start pulls the catalog from the back office; later starts sell from the local copy.
                    await KioskEnvironment.EventuallyAsync(
                        async () => (await client.SendAsync("scan", new JsonObject { ["code"] = Products[0] })).Ok == true,
                        TimeSpan.FromSeconds(20), "catalog pulled");
                    await client.SendAsync("cancel");
                    using var faults = await env.Http.PostAsync("admin/faults", new StringContent(Faults, System.Text.Encoding.UTF8, "application/json"));
                    Assert.True(faults.IsSuccessStatusCode, await faults.Content.ReadAsStringAsync());
                }

                // Sell until killed: the kill lands at a random moment, often inside a checkout; or, armed, right after the terminal
                // charged a card (the terminal lives inside kioskd, so its ledger cannot change after the kill).
                var armed = round % ArmedEvery == 0;
                var randomDelay = TimeSpan.FromMilliseconds(random.Next(300, 1500));
                var charges = TerminalLedger.Read(env.DataDir).Count;
                var selling = SellUntilKilledAsync(client, random.Next(), acknowledged);
                if (armed)
                {
                    armedRounds++;
                    Assert.True(await KillOnNextChargeAsync(env.DataDir, charges, kioskd, TimeSpan.FromSeconds(20)), $"round {round}: no payment reached the terminal within 20 s");
                }
                else
                {
                    await Task.Delay(randomDelay);
                    kioskd.Signal(9);
                }

                // 128 + SIGKILL: it died of the kill, not of something of its own before it (the kill of an exited process is a no-op).
                Assert.Equal(137, await kioskd.WaitForExitAsync(TimeSpan.FromSeconds(10)));
                var landed = await selling;
                killedMidCheckout += landed;
                armedMidCheckout += armed ? landed : 0;
            }

            // A last clean start settles any payment left open by the last kill; then everything is checked.
            var final = env.StartKioskd(watchdogMs: 0);
            await WaitReadyAsync(env, client, kills);
            await Task.Delay(1000);
            var verify = await env.CtlAsync("journal", "verify", "--json");
            Assert.True(verify.Exit == 0, "journal verify failed: " + verify.Out + verify.Err);

            var events = (await env.CtlAsync("journal", "export")).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.GetProperty("seq").GetInt64()));
            var sales = events.Where(e => e.GetProperty("type").GetString() == "sale").ToList();
            var receiptNos = sales.Select(s => s.GetProperty("payload").GetProperty("receiptNo").GetInt64()).ToList();
            Assert.Equal(Enumerable.Range(1, receiptNos.Count).Select(i => (long)i), receiptNos.Order());

            foreach (var (receiptNo, seq) in acknowledged)
            {
                var sale = Assert.Single(sales, s => s.GetProperty("payload").GetProperty("receiptNo").GetInt64() == receiptNo);
                Assert.Equal(seq, sale.GetProperty("seq").GetInt64());
            }

            // Every approved charge at the terminal has exactly one sale, matched by terminal reference.
            var approved = TerminalLedger.Read(env.DataDir).Where(t => t.Charged).Select(t => t.PoiTransactionId).ToList();
            var saleRefs = sales.Select(s => s.GetProperty("payload").GetProperty("payments")[0].GetProperty("terminalRef").GetString()).ToList();
            Assert.Equal(approved.Order(), saleRefs.Order());
            Assert.Equal(saleRefs.Count, saleRefs.Distinct().Count());

            // The back office: faults off, then everything arrives exactly once, in order, with the journal's ids and hashes.
            (await env.Http.DeleteAsync("admin/faults")).Dispose();
            await env.CtlAsync("sync", "now");
            await KioskEnvironment.EventuallyAsync(
                async () =>
                {
                    using var status = JsonDocument.Parse((await env.CtlAsync("status", "--json")).Out);
                    var lastSeq = status.RootElement.GetProperty("journal").GetProperty("lastSeq").GetInt64();
                    return status.RootElement.GetProperty("upstream").GetProperty("pending").GetInt64() == 0 && await env.UpstreamLastSeqAsync() == lastSeq;
                },
                TimeSpan.FromSeconds(90),
                "back office caught up with the journal");
            events = (await env.CtlAsync("journal", "export")).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonDocument.Parse(l).RootElement).ToList();
            var upstream = await env.UpstreamEventsAsync();
            Assert.Equal(events.Count, upstream.Count);
            Assert.All(upstream, u => Assert.Equal("accepted", u.Status));
            Assert.Equal(
                events.Select(e => (e.GetProperty("seq").GetInt64(), e.GetProperty("id").GetString(), e.GetProperty("hash").GetString())),
                upstream.Select(u => (u.Event.GetProperty("seq").GetInt64(), u.Event.GetProperty("id").GetString(), u.Event.GetProperty("hash").GetString())));

            output.WriteLine($"{kills} kills, {acknowledged.Count} acknowledged sales, {sales.Count} sales journaled " +
                $"({sales.Count - acknowledged.Count} completed by recovery or unacknowledged), {killedMidCheckout} kills landed during a checkout " +
                $"({armedMidCheckout} of {armedRounds} armed on the terminal), {events.Count} events");
            Assert.True(acknowledged.Count >= Math.Max(1, kills / 10), "too few sales were made for the test to mean anything");

            // The point of the test: kills inside a payment. An armed kill follows the terminal's charge within milliseconds, while the
            // checkout still has to commit the sale, print, journal the print and answer; most armed kills must land there.
            Assert.True(killedMidCheckout > 0, "no kill landed during a checkout: the test proved nothing about payments");
            Assert.True(armedMidCheckout >= (armedRounds + 1) / 2, $"only {armedMidCheckout} of {armedRounds} kills armed on the terminal's charge landed before the checkout answered");
            final.Signal(15);
            Assert.Equal(0, await final.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        }
        catch
        {
            output.WriteLine(env.Diagnostics());
            throw;
        }
    }

    /// <summary>
    /// Watches the terminal's ledger (on a thread of its own, a millisecond apart) and sends kioskd SIGKILL as soon as it holds more than
    /// <paramref name="charges"/> payments. False (kioskd is killed all the same) when no payment came within <paramref name="within"/>.
    /// </summary>
    private static Task<bool> KillOnNextChargeAsync(string dataDir, int charges, ChildProcess kioskd, TimeSpan within) =>
        Task.Factory.StartNew(
            () =>
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                while (clock.Elapsed < within)
                {
                    if (TerminalLedger.Read(dataDir).Count > charges)
                    {
                        kioskd.Signal(9);
                        return true;
                    }

                    Thread.Sleep(1);
                }

                kioskd.Signal(9);
                return false;
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    private static async Task WaitReadyAsync(KioskEnvironment env, ControlClient client, int round)
    {
        var after = env.Notify.Now;
        await env.Notify.WaitForAsync(a => a == "READY=1", TimeSpan.FromSeconds(30), after);
        Assert.True(await client.IsRunningAsync(), $"round {round}: control socket not up after READY=1");
    }

    /// <summary>
    /// Scans and checks out in a loop until the connection dies with the process, so every kill lands while a request is in flight.
    /// Records each acknowledged sale. Returns 1 if the kill interrupted a checkout, 0 if it interrupted a scan.
    /// </summary>
    private static async Task<int> SellUntilKilledAsync(ControlClient client, int seed, Dictionary<long, long> acknowledged)
    {
        // the kill itself ends this loop: the next request fails
        var random = new Random(seed);
        var inCheckout = false;
        while (true)
        {
            try
            {
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    if (Died(await client.SendAsync("scan", new JsonObject { ["code"] = Products[random.Next(Products.Length)] })))
                    {
                        return 0;
                    }
                }

                inCheckout = true;
                var result = await client.SendAsync("checkout");
                if (Died(result))
                {
                    return 1;
                }

                inCheckout = false;
                if (result.Ok == true && result.Result?["receiptNo"]?.GetValue<long>() is { } receiptNo)
                {
                    lock (acknowledged)
                    {
                        Assert.False(acknowledged.ContainsKey(receiptNo), $"receipt {receiptNo} acknowledged twice");
                        acknowledged[receiptNo] = result.Result["seq"]!.GetValue<long>();
                    }
                }
            }
            catch (Exception e) when (e is IOException or KioskdNotRunningException or System.Net.Sockets.SocketException or JsonException or InvalidDataException)
            {
                return inCheckout ? 1 : 0; // the connection died with the process
            }
        }
    }

    /// <summary>kioskd closed the connection without a final answer: it was killed while handling the request.</summary>
    private static bool Died(ControlResponse response) =>
        response.Ok != true && response.ErrorKind == ControlErrorKind.Internal && response.Error?.Contains("without answering", StringComparison.Ordinal) == true;
}
