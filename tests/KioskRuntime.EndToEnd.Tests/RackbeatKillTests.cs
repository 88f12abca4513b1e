using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KioskRuntime.Control;
using KioskRuntime.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace KioskRuntime.EndToEnd.Tests;

/// <summary>
/// The real kioskd with Rackbeat as its upstream (the simulator as a real process): sales, returns and stock adjustments, with
/// kioskd killed -9 once at every step of the Rackbeat state machine — each step armed in the simulator as "commit, then never
/// answer", so the kill lands after Rackbeat did the step and before kioskd heard of it — plus throttling and 5xx. Afterwards every
/// item's on-hand in the simulated account equals start − sold + returned ± adjusted exactly, with one order per sale, one credit note
/// per return and nothing booked twice; in both stock modes.
/// </summary>
[Collection("processes")]
public sealed class RackbeatKillTests(ITestOutputHelper output)
{
    private const string Milk = "07042260000126";
    private const string Cheese = "07040030001106";
    private const string Batteries = "07041230005185";

    public static TheoryData<string, string[]> KillPoints => new()
    {
        // stock on shipment: every step of a sale
        { "shipment", ["sale POST /api/orders/drafts", "sale /book", "sale /create-shipment", "sale /mark-shipped", "sale /convert-to-invoice"] },
        // stock on invoice: the step that moves stock there, both steps of a return and both of an adjustment
        { "invoice", ["sale /convert-to-invoice", "return /create-creditnote", "return /book", "adjust POST /api/inventory-adjustments", "adjust /book"] },
    };

    [Theory]
    [MemberData(nameof(KillPoints))]
    public async Task On_hand_in_rackbeat_matches_the_kiosk_exactly_after_kill_9_at_every_step(string mode, string[] points)
    {
        await using var env = await KioskEnvironment.StartAsync(backOffice: false);
        var port = ChildProcess.FreeTcpPort();
        using var sim = ChildProcess.StartDotnet(RepoPaths.RackbeatSimulator,
            ["--urls", $"http://127.0.0.1:{port}", "--token", "e2e-rb", "--stock-mode", mode, "--data", Path.Combine(env.Root, "account.json")]);
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/_sim/") };
        await KioskEnvironment.EventuallyAsync(async () => await TryAsync(() => admin.GetStringAsync("requests")), TimeSpan.FromSeconds(30), "rackbeat-sim up");
        var start = await OnHandAsync(admin);
        string[] args = ["--rackbeat", $"http://127.0.0.1:{port}/api/", "--rackbeat-token", "e2e-rb", "--rackbeat-customer", "900", "--rackbeat-location", "1",
            "--rackbeat-stock-mode", mode, "--rackbeat-consumer-name", "KioskRuntime e2e", "--rackbeat-consumer-contact", "e2e@example.org"];
        var client = new ControlClient(DataDirectory.SocketPath(env.DataDir));
        var receipts = new List<long>();
        try
        {
            var kioskd = await StartAsync(env, client, args);
            await KioskEnvironment.EventuallyAsync(async () => (await client.SendAsync("scan", new JsonObject { ["code"] = Milk })).Ok == true, TimeSpan.FromSeconds(30), "catalog pulled from Rackbeat");
            await client.SendAsync("cancel");
            receipts.Add(await SellAsync(client, (Milk, 2), (Batteries, 1)));
            receipts.Add(await SellAsync(client, (Cheese, 1)));
            await DrainedAsync(client);

            var round = 0;
            foreach (var point in points)
            {
                var (action, match) = (point[..point.IndexOf(' ', StringComparison.Ordinal)], point[(point.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
                var seen = (await RequestsAsync(admin)).Count(r => r.Contains(match, StringComparison.Ordinal));
                await PutFaultsAsync(admin, $$"""[{ "match": "{{match}}", "kind": "commit-hang" }]""");
                switch (action)
                {
                    case "sale":
                        receipts.Add(await SellAsync(client, (round % 2 == 0 ? Milk : Cheese, 1 + (round % 3)), (Batteries, 1)));
                        break;
                    case "return":
                        // receipts 1 and 2, each returned once, every item scanned back (receipt 1: 2 milk and batteries; receipt 2: cheese)
                        await ReturnAsync(env, client, receipts[round % 2], round % 2 == 0 ? [Milk, Milk, Batteries] : [Cheese]);
                        break;
                    default:
                        var adjusted = await client.SendAsync("stock.adjust", new JsonObject { ["gtin"] = round % 2 == 0 ? Milk : Cheese, ["delta"] = round % 2 == 0 ? -3m : 5m, ["reason"] = round % 2 == 0 ? "damage" : "received", ["staffId"] = "e2e" });
                        Assert.True(adjusted.Ok == true, adjusted.Error);
                        break;
                }

                // Rackbeat did the step; kioskd waits for an answer that never comes: kill it there.
                await KioskEnvironment.EventuallyAsync(async () => (await RequestsAsync(admin)).Count(r => r.Contains(match, StringComparison.Ordinal)) > seen,
                    TimeSpan.FromSeconds(30), $"kioskd reached {point}");
                kioskd.Signal(9);
                Assert.Equal(128 + 9, await kioskd.WaitForExitAsync(TimeSpan.FromSeconds(10)));
                output.WriteLine($"killed at {point} ({mode})");
                kioskd = await StartAsync(env, client, args);

                // 429 with Retry-After and a 503 on the next two calls, whatever they are.
                await PutFaultsAsync(admin, """[{ "match": "/api/", "kind": "status", "status": 429, "retryAfter": 1 }, { "match": "/api/", "kind": "status", "status": 503 }]""");
                await DrainedAsync(client);
                round++;
            }

            kioskd.Signal(15);
            await kioskd.WaitForExitAsync(TimeSpan.FromSeconds(20));

            var events = (await env.CtlAsync("journal", "export")).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            var expected = new Dictionary<string, decimal>(StringComparer.Ordinal);
            foreach (var e in events)
            {
                var payload = e.GetProperty("payload");
                switch (e.GetProperty("type").GetString())
                {
                    case "sale" or "return":
                        var sign = e.GetProperty("type").GetString() == "sale" ? -1 : 1;
                        foreach (var line in payload.GetProperty("lines").EnumerateArray())
                        {
                            Add(expected, line.GetProperty("gtin").GetString()!, sign * decimal.Parse(line.GetProperty("qty").GetString()!, CultureInfo.InvariantCulture));
                        }

                        break;
                    case "stock-adjustment":
                        Add(expected, payload.GetProperty("gtin").GetString()!, decimal.Parse(payload.GetProperty("delta").GetString()!, CultureInfo.InvariantCulture));
                        break;
                }
            }

            using var state = JsonDocument.Parse(await admin.GetStringAsync("state"));
            var end = OnHand(state);
            foreach (var (gtin, change) in expected)
            {
                Assert.True(start[gtin] + change == end[gtin], $"{gtin}: start {start[gtin]} + kiosk {change} = {start[gtin] + change}, Rackbeat has {end[gtin]} ({mode})\n{env.Diagnostics()}");
            }

            var sales = events.Count(e => e.GetProperty("type").GetString() == "sale");
            var returns = events.Count(e => e.GetProperty("type").GetString() == "return");
            var orders = state.RootElement.GetProperty("orders").EnumerateArray().ToList();
            Assert.Equal(sales, orders.Count);
            Assert.All(orders, o => Assert.Equal(1, o.GetProperty("bookCount").GetInt32()));
            var invoices = state.RootElement.GetProperty("invoices").EnumerateArray().ToList();
            Assert.Equal(returns, invoices.Count(i => i.GetProperty("isCreditNote").GetBoolean()));
            Assert.All(invoices, i => Assert.Equal(1, i.GetProperty("bookCount").GetInt32()));
            Assert.All(state.RootElement.GetProperty("adjustments").EnumerateArray(), a => Assert.Equal(1, a.GetProperty("bookCount").GetInt32()));
        }
        catch
        {
            output.WriteLine(env.Diagnostics() + "\n--- rackbeat-sim ---\n" + sim.Output);
            throw;
        }
    }

    private static void Add(Dictionary<string, decimal> totals, string gtin, decimal change) => totals[gtin] = totals.GetValueOrDefault(gtin) + change;

    private static async Task<ChildProcess> StartAsync(KioskEnvironment env, ControlClient client, string[] args)
    {
        var after = env.Notify.Now;
        var kioskd = env.StartKioskd(watchdogMs: 0, upstream: false, extraArgs: args);
        await env.Notify.WaitForAsync(a => a == "READY=1", TimeSpan.FromSeconds(30), after);
        Assert.True(await client.IsRunningAsync(), "control socket not up after READY=1");

        // Sell once the start-up catalog pull is stored (Rackbeat's figures changed, so every start stores one). Scans that raced
        // the catalog replacement once read an empty catalog document (reported; a journal read-isolation question, not Rackbeat's).
        await KioskEnvironment.EventuallyAsync(() => Task.FromResult(kioskd.Output.Contains(" stored: ", StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "start-up catalog stored");
        return kioskd;
    }

    private static async Task<long> SellAsync(ControlClient client, params (string Gtin, int Qty)[] lines)
    {
        foreach (var (gtin, qty) in lines)
        {
            for (var i = 0; i < qty; i++)
            {
                var scanned = await client.SendAsync("scan", new JsonObject { ["code"] = gtin });
                Assert.True(scanned.Ok == true, scanned.Error);
            }
        }

        var sold = await client.SendAsync("checkout");
        Assert.True(sold.Ok == true, sold.Error);
        return sold.Result!["receiptNo"]!.GetValue<long>();
    }

    /// <summary>Issue 13's return: the receipt's own return code (with its token), the goods scanned back, then checkout.</summary>
    private static async Task ReturnAsync(KioskEnvironment env, ControlClient client, long receiptNo, string[] goodsBack)
    {
        var started = await client.SendAsync("scan", new JsonObject { ["code"] = env.ReturnCodeOf(receiptNo) });
        Assert.True(started.Ok == true, started.Error);
        foreach (var gtin in goodsBack)
        {
            var back = await client.SendAsync("scan", new JsonObject { ["code"] = gtin });
            Assert.True(back.Ok == true, back.Error);
        }

        var refunded = await client.SendAsync("checkout");
        Assert.True(refunded.Ok == true, refunded.Error);
    }

    private static Task DrainedAsync(ControlClient client) => KioskEnvironment.EventuallyAsync(async () =>
    {
        var status = await client.SendAsync("status");
        var upstream = status.Result?["upstream"];
        Assert.Equal(0, upstream?["deadLetters"]?.GetValue<long>() ?? 0);
        return upstream?["pending"]?.GetValue<long>() == 0;
    }, TimeSpan.FromSeconds(60), "every event delivered to Rackbeat");

    private static async Task<List<string>> RequestsAsync(HttpClient admin) => JsonSerializer.Deserialize<List<string>>(await admin.GetStringAsync("requests"))!;

    private static async Task PutFaultsAsync(HttpClient admin, string json)
    {
        using var answer = await admin.PutAsync("faults", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
    }

    private static async Task<Dictionary<string, decimal>> OnHandAsync(HttpClient admin)
    {
        using var state = JsonDocument.Parse(await admin.GetStringAsync("state"));
        return OnHand(state);
    }

    /// <summary>GTIN-14 → on-hand at location 1, from the simulator's state (barcodes are EAN-13).</summary>
    private static Dictionary<string, decimal> OnHand(JsonDocument state) =>
        state.RootElement.GetProperty("products").EnumerateObject().ToDictionary(
            p => p.Value.GetProperty("barcode").GetString()!.PadLeft(14, '0'),
            p => p.Value.GetProperty("locations").GetProperty("1").GetProperty("stock").GetDecimal(),
            StringComparer.Ordinal);

    private static async Task<bool> TryAsync(Func<Task<string>> call)
    {
        try
        {
            await call();
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
