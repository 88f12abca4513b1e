using System.Text.Json;
using KioskRuntime.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace KioskRuntime.EndToEnd.Tests;

/// <summary>
/// kioskd as a real process on the simulated profile, the reference back office on loopback, a real notify socket: the whole product,
/// end to end, as a user and systemd see it.
/// </summary>
[Collection("processes")]
public sealed class WalkingSkeletonTests(ITestOutputHelper output)
{
    private const string Jam = "07038010001659"; // Blåbærsyltetøy 400 g, 42.90 in the demo catalog
    private const string Cheese = "7040030001106"; // Brunost 500 g, 79.90 (EAN-13 form)

    [Fact]
    public async Task A_sale_is_journaled_printed_and_delivered_exactly_once_under_a_watchdog()
    {
        await using var env = await KioskEnvironment.StartAsync();
        try
        {
            var kioskd = env.StartKioskd(watchdogMs: 2000);
            var ready = await env.Notify.WaitForAsync(a => a == "READY=1", TimeSpan.FromSeconds(15));
            output.WriteLine($"READY=1 after {env.SinceKioskdStart.Elapsed.TotalSeconds:0.00} s (notify clock {ready.TotalSeconds:0.00} s)");
            Assert.True(env.SinceKioskdStart.Elapsed < TimeSpan.FromSeconds(15));

            // Watchdog pings at half of WATCHDOG_USEC (1 s): several within 3.5 s.
            await Task.Delay(3500);
            var pings = env.Notify.Assignments.Count(a => a.Assignment == "WATCHDOG=1" && a.At > ready);
            Assert.InRange(pings, 2, 8);
            Assert.Contains(env.Notify.Assignments, a => a.Assignment.StartsWith("STATUS=", StringComparison.Ordinal));

            // The catalog arrives from the back office; then a scripted sale.
            await KioskEnvironment.EventuallyAsync(async () => (await env.CtlAsync("scan", Jam)).Exit == 0, TimeSpan.FromSeconds(20), "first product scanned (catalog pulled)");
            var scan2 = await env.CtlAsync("scan", Cheese);
            Assert.True(scan2.Exit == 0, scan2.Err);
            var unknown = await env.CtlAsync("scan", "7038010001666");
            Assert.Equal(1, unknown.Exit);

            var checkout = await env.CtlAsync("checkout");
            Assert.True(checkout.Exit == 0, $"checkout failed: {checkout.Out} {checkout.Err}");
            var empty = await env.CtlAsync("checkout");
            Assert.Equal(1, empty.Exit);
            Assert.Contains("empty", empty.Err, StringComparison.Ordinal);

            // Printed: one receipt, in Norwegian, with both lines.
            var receipts = Directory.GetFiles(env.PrinterFolder, "*.txt");
            var receipt = await File.ReadAllTextAsync(Assert.Single(receipts));
            Assert.Contains("Salgskvittering", Collapse(receipt), StringComparison.Ordinal); // double width: the text rendering spaces it out
            Assert.Contains("Blåbærsyltetøy", receipt, StringComparison.Ordinal);
            Assert.Contains("122,80", receipt, StringComparison.Ordinal);
            Assert.Single(Directory.GetFiles(env.PrinterFolder, "*.bin"));

            // Journaled: verify passes while kioskd runs.
            var verify = await env.CtlAsync("journal", "verify", "--json");
            Assert.True(verify.Exit == 0, verify.Out + verify.Err);

            // Delivered upstream exactly once, within 5 s.
            var export = (await env.CtlAsync("journal", "export")).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var sale = export.Select(l => JsonDocument.Parse(l).RootElement).Single(e => e.GetProperty("type").GetString() == "sale");
            var saleSeq = sale.GetProperty("seq").GetInt64();
            await KioskEnvironment.EventuallyAsync(async () => await env.UpstreamLastSeqAsync() >= export.Length, TimeSpan.FromSeconds(5), "back office cursor reached the journal's last seq");
            var stored = await env.UpstreamEventsAsync();
            Assert.All(stored, e => Assert.Equal("accepted", e.Status));
            var upstream = stored.Select(e => e.Event).ToList();
            var upstreamSales = upstream.Where(e => e.GetProperty("type").GetString() == "sale").ToList();
            var only = Assert.Single(upstreamSales);
            Assert.Equal(saleSeq, only.GetProperty("seq").GetInt64());
            Assert.Equal(sale.GetProperty("hash").GetString(), only.GetProperty("hash").GetString());
            Assert.Equal(upstream.Count, upstream.Select(e => e.GetProperty("seq").GetInt64()).Distinct().Count());

            // Stock applied at the back office.
            using var stock = JsonDocument.Parse(await env.Http.GetStringAsync($"v1/kiosks/{KioskEnvironment.KioskId}/stock?gtin={Jam}"));
            Assert.Equal("35", stock.RootElement.GetProperty("stock").GetString());

            var status = await env.CtlAsync("status", "--json");
            using var statusDoc = JsonDocument.Parse(status.Out);
            Assert.Equal(KioskEnvironment.KioskId, statusDoc.RootElement.GetProperty("kioskId").GetString());
            Assert.Equal(export.Length, statusDoc.RootElement.GetProperty("journal").GetProperty("lastSeq").GetInt64());
            Assert.True(statusDoc.RootElement.GetProperty("upstream").GetProperty("online").GetBoolean());
            Assert.Equal(0, statusDoc.RootElement.GetProperty("upstream").GetProperty("pending").GetInt64());
            Assert.Equal(9, statusDoc.RootElement.GetProperty("devices").GetArrayLength());

            // SIGTERM: STOPPING=1 and a clean exit.
            var beforeStop = env.Notify.Now;
            kioskd.Signal(15);
            Assert.Equal(0, await kioskd.WaitForExitAsync(TimeSpan.FromSeconds(20)));
            await env.Notify.WaitForAsync(a => a == "STOPPING=1", TimeSpan.FromSeconds(2), beforeStop);

            // With kioskd stopped, the journal is still readable and intact.
            var offline = await env.CtlAsync("journal", "verify");
            Assert.True(offline.Exit == 0, offline.Out + offline.Err);
        }
        catch
        {
            output.WriteLine(env.Diagnostics());
            throw;
        }
    }

    private static string Collapse(string text) => text.Replace(" ", "", StringComparison.Ordinal);

    [Fact]
    public async Task A_stuck_sale_pipeline_stops_the_watchdog_pings()
    {
        await using var env = await KioskEnvironment.StartAsync(backOffice: false);
        try
        {
            env.StartKioskd(watchdogMs: 2000, new Dictionary<string, string?> { ["KIOSK_ENABLE_FAULTS"] = "1" }, upstream: false, faults: true);
            var ready = await env.Notify.WaitForAsync(a => a == "READY=1", TimeSpan.FromSeconds(15));
            await env.Notify.WaitForAsync(a => a == "WATCHDOG=1", TimeSpan.FromSeconds(3), ready);

            var stall = await env.CtlAsync("debug", "stall", "--seconds", "30");
            Assert.True(stall.Exit == 0, stall.Err);
            var stalledAt = env.Notify.Now;

            // The pipeline may beat once more right before stalling; after that, no pings for a whole watchdog timeout and more.
            await env.Notify.WaitForAsync(a => a.StartsWith("STATUS=", StringComparison.Ordinal) && a.Contains("STUCK", StringComparison.Ordinal), TimeSpan.FromSeconds(5), stalledAt);
            var lastPing = env.Notify.Assignments.Where(a => a.Assignment == "WATCHDOG=1").Max(a => a.At);
            await Task.Delay(3000);
            var pingsAfter = env.Notify.Assignments.Count(a => a.Assignment == "WATCHDOG=1" && a.At > lastPing);
            Assert.Equal(0, pingsAfter);
            Assert.True(env.Notify.Now - lastPing > TimeSpan.FromSeconds(2), "no ping for longer than WATCHDOG_USEC: systemd would restart the service");
        }
        catch
        {
            output.WriteLine(env.Diagnostics());
            throw;
        }
    }

    [Fact]
    public async Task Outside_systemd_it_runs_in_a_terminal_the_same_way()
    {
        await using var env = await KioskEnvironment.StartAsync();
        try
        {
            // No NOTIFY_SOCKET, no WATCHDOG_USEC: a technician's terminal, the README's run command.
            using var kioskd = ChildProcess.StartDotnet(
                RepoPaths.Kioskd,
                ["--data-dir", env.DataDir, "--upstream", $"http://127.0.0.1:{env.BackOfficePort}", "--upstream-token", KioskEnvironment.Token],
                workingDirectory: env.Root);
            try
            {
                await KioskEnvironment.EventuallyAsync(async () => (await env.CtlAsync("scan", Jam)).Exit == 0, TimeSpan.FromSeconds(60), "kioskd answers and has its catalog");
            }
            catch (TimeoutException)
            {
                output.WriteLine($"--- kioskd (terminal mode, exited: {kioskd.HasExited}) ---\n{kioskd.Output}");
                throw;
            }

            var checkout = await env.CtlAsync("checkout");
            Assert.True(checkout.Exit == 0, checkout.Err);
            Assert.Empty(env.Notify.Assignments);
            kioskd.Signal(2); // Ctrl+C
            Assert.Equal(0, await kioskd.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        }
        catch
        {
            output.WriteLine(env.Diagnostics());
            throw;
        }
    }

    [Fact]
    public async Task An_invalid_profile_refuses_to_start_and_says_where()
    {
        await using var env = await KioskEnvironment.StartAsync(backOffice: false);
        var profile = Path.Combine(env.Root, "bad.json");
        await File.WriteAllTextAsync(profile, "{\n  \"kioskId\": \"BAD ID\",\n  \"devices\": []\n}\n");
        using var kioskd = ChildProcess.StartDotnet(RepoPaths.Kioskd, ["--profile", profile, "--data-dir", env.DataDir]);
        Assert.Equal(78, await kioskd.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("bad.json:2:", kioskd.Output, StringComparison.Ordinal);
        Assert.Contains("kioskId", kioskd.Output, StringComparison.Ordinal);

        var validate = await env.CtlAsync("profile", "validate", profile);
        Assert.Equal(1, validate.Exit);
        Assert.Contains("bad.json:2:", validate.Err, StringComparison.Ordinal);
        var good = await env.CtlAsync("profile", "validate", RepoPaths.SimulatedProfile);
        Assert.True(good.Exit == 0, good.Err);
        var usage = await env.CtlAsync("no-such-command");
        Assert.Equal(2, usage.Exit);
    }
}

[CollectionDefinition("processes", DisableParallelization = true)]
public sealed class ProcessCollection;
