using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KioskRuntime.Control;
using KioskRuntime.Domain;
using KioskRuntime.Journal;
using Microsoft.Extensions.Logging.Abstractions;

namespace KioskRuntime.Bench.Kiosk;

/// <summary>
/// kioskd draining a journal backlog to the reference back office while a customer scans: the scan → cart answer of the real sale
/// pipeline (control socket, one scan every 20 ms), during the drain and after it, side by side; the drain rate as the back office's
/// cursor shows it; kioskd's resident memory (sampled every 100 ms).
/// </summary>
internal static class DrainRun
{
    private static readonly string[] Gtins = ["07038010001659", "07040030001106", "07038591002014", "07042260000126"];

    public static async Task RunAsync(string kioskd, string backOffice, int events)
    {
        var dir = Directory.CreateTempSubdirectory("kiosk-drain-bench-").FullName;
        var data = Path.Combine(dir, "data");
        try
        {
            var fill = Stopwatch.StartNew();
            Prefill(data, events);
            Console.WriteLine($"journal prefilled with {events:N0} stock-adjustment events in {fill.Elapsed.TotalSeconds:0.0} s");

            var port = Processes.FreePort();
            using var bo = Processes.Start(backOffice, ["--urls", $"http://127.0.0.1:{port}", "--credentials", Processes.BackOfficeCredentials(dir), "--data", Path.Combine(dir, "bo.db")], []);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            http.DefaultRequestHeaders.Authorization = new("Bearer", "t");
            while (!await Processes.TryAsync(() => http.GetAsync("healthz")))
            {
                await Task.Delay(50);
            }

            var started = Stopwatch.StartNew();
            using var kd = Processes.Start(kioskd, ["--data-dir", data, "--upstream", $"http://127.0.0.1:{port}", "--upstream-token", "t"], []);
            var client = new ControlClient(DataDirectory.SocketPath(data));
            var rssPeak = 0.0;
            var cursor = 0L;
            TimeSpan? drainedAt = null;
            TimeSpan? firstDelivery = null;
            using var stop = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    rssPeak = Math.Max(rssPeak, Processes.RssMiB(kd.Id));
                    try
                    {
                        using var doc = JsonDocument.Parse(await http.GetStringAsync("v1/kiosks/demo-kiosk-1/cursor"));
                        var seq = doc.RootElement.GetProperty("lastSeq").GetInt64();
                        Volatile.Write(ref cursor, seq);
                        if (seq > 0 && firstDelivery is null)
                        {
                            firstDelivery = started.Elapsed;
                        }

                        if (seq >= events && drainedAt is null)
                        {
                            drainedAt = started.Elapsed;
                        }
                    }
                    catch (HttpRequestException)
                    {
                    }

                    await Task.Delay(100);
                }
            });

            // Scans start as soon as the control socket answers and the catalog is in.
            while (!await ScanOk(client, Gtins[0]))
            {
                await Task.Delay(20);
            }

            var firstScanAt = started.Elapsed;
            var rssAtFirstScan = Processes.RssMiB(kd.Id);
            var cursorAtFirstScan = Volatile.Read(ref cursor);
            var during = new List<double>();
            var after = new List<double>();
            var afterTarget = 1000;
            for (var i = 0; after.Count < afterTarget; i++)
            {
                var drained = Volatile.Read(ref cursor) >= events;
                var clock = Stopwatch.StartNew();
                var r = await client.SendAsync("scan", new JsonObject { ["code"] = Gtins[i % Gtins.Length] });
                var ms = clock.Elapsed.TotalMilliseconds;
                if (r.Ok != true)
                {
                    throw new InvalidOperationException($"scan {i} refused: {r.Error}");
                }

                (drained ? after : during).Add(ms);
                if (i % 20 == 19)
                {
                    await client.SendAsync("cancel");
                }

                await Task.Delay(20);
                if (started.Elapsed > TimeSpan.FromMinutes(10))
                {
                    throw new TimeoutException($"not drained after 10 minutes: cursor {Volatile.Read(ref cursor)} of {events}");
                }
            }

            await stop.CancelAsync();
            await sampler;
            var drainSeconds = (drainedAt!.Value - firstDelivery!.Value).TotalSeconds;
            Console.WriteLine($"drain: {events:N0} events in {drainSeconds:0.0} s from the first delivery = {events / drainSeconds:N0} events/s (kioskd start → drained {drainedAt.Value.TotalSeconds:0.0} s)");
            Console.WriteLine($"kioskd start → first scan answered {firstScanAt.TotalSeconds:0.00} s (journal of {events:N0} events opened and its chain verified, catalog in) → first delivery {firstDelivery.Value.TotalSeconds:0.00} s");
            Console.WriteLine($"kioskd VmRSS: {rssAtFirstScan:0.0} MiB at the first scan (catalog in, back office cursor {cursorAtFirstScan:N0}), peak {rssPeak:0.0} MiB, {Processes.RssMiB(kd.Id):0.0} MiB at the end");
            Console.WriteLine($"scan → cart (control socket)  during drain: n={during.Count} p50 {P(during, 50):0.00} ms p99 {P(during, 99):0.00} ms max {during.DefaultIfEmpty().Max():0.0} ms");
            Console.WriteLine($"scan → cart (control socket)  after drain:  n={after.Count} p50 {P(after, 50):0.00} ms p99 {P(after, 99):0.00} ms max {after.Max():0.0} ms");
            Console.WriteLine($"p99 ratio during/after: {P(during, 99) / P(after, 99):0.00}");
            Process.Start("kill", ["-TERM", kd.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
            kd.WaitForExit(20_000);
            bo.Kill();
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static async Task<bool> ScanOk(ControlClient client, string gtin)
    {
        try
        {
            return (await client.SendAsync("scan", new JsonObject { ["code"] = gtin })).Ok == true;
        }
        catch (KioskdNotRunningException)
        {
            return false;
        }
    }

    /// <summary>The backlog as kioskd would have journaled it offline: valid stock adjustments of catalog products, 500 per commit.</summary>
    private static void Prefill(string data, int events)
    {
        using var journal = KioskJournal.Open(new JournalOptions { DataDirectory = data }, TimeProvider.System, NullLogger<KioskJournal>.Instance);
        for (var done = 0; done < events;)
        {
            var n = Math.Min(500, events - done);
            var batch = Enumerable.Range(done, n)
                .Select(i => new NewEvent(EventTypes.StockAdjustment, EventJson.Serialize(new StockAdjustmentPayload(Gtins[i % Gtins.Length], "1", "received", "bench")), DateTimeOffset.UtcNow))
                .ToList();
            journal.CommitAsync(new JournalWrite(batch)).GetAwaiter().GetResult();
            done += n;
        }
    }

    private static double P(List<double> values, int percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)];
    }
}
