using System.Text.Json;
using KioskRuntime.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace KioskRuntime.EndToEnd.Tests;

/// <summary>
/// Door lock, sensors and staff cards on the real kioskd with the simulated profile: the devices are FIFOs and state files, fed the way
/// a technician would feed them (<c>echo … &gt; devices/sensors.fifo</c>).
/// </summary>
[Collection("processes")]
public sealed class AccessTests(ITestOutputHelper output)
{
    private const string Jam = "07038010001659";
    private const string StaffCard = "04A224B1C3D2E5";
    private const string TechnicianCard = "04B7E2C1D9A380";

    [Fact]
    public async Task Door_opens_only_after_a_durable_sale_sensors_are_journaled_tamper_stops_sales_and_staff_cards_book_goods()
    {
        await using var env = await KioskEnvironment.StartAsync();
        try
        {
            env.StartKioskd(watchdogMs: 0);
            await env.Notify.WaitForAsync(a => a == "READY=1", TimeSpan.FromSeconds(20));
            var lockFile = Path.Combine(env.DataDir, "devices", "door-lock.txt");
            await KioskEnvironment.EventuallyAsync(() => Task.FromResult(File.Exists(lockFile)), TimeSpan.FromSeconds(10), "lock state file");
            Assert.Equal("locked", (await File.ReadAllTextAsync(lockFile)).Trim());

            // A sale: the door opens once the sale is journaled, naming it.
            await KioskEnvironment.EventuallyAsync(async () => (await env.CtlAsync("scan", Jam)).Exit == 0, TimeSpan.FromSeconds(20), "catalog pulled");
            var sold = await env.CtlAsync("checkout");
            Assert.True(sold.Exit == 0, sold.Err);
            var unlocked = (await File.ReadAllTextAsync(lockFile)).Trim();
            Assert.StartsWith("unlocked until ", unlocked, StringComparison.Ordinal);
            Assert.Contains("sale 1 (seq ", unlocked, StringComparison.Ordinal);

            // The customer opens and closes the door: both journaled, and closing it locks at once.
            await FeedAsync(env, "sensors.fifo", "door open");
            await FeedAsync(env, "sensors.fifo", "door closed");
            await KioskEnvironment.EventuallyAsync(async () => (await File.ReadAllTextAsync(lockFile)).Trim() == "locked", TimeSpan.FromSeconds(10), "locked on close");

            // A door opened while locked is journaled as forced.
            await FeedAsync(env, "sensors.fifo", "door=1");
            var forced = await WaitForEventAsync(env, e => e.Type == "sensor" && e.Payload.TryGetProperty("forced", out var f) && f.GetBoolean());
            Assert.Equal("door", forced.Payload.GetProperty("input").GetString());
            await FeedAsync(env, "sensors.fifo", "door=0");

            // Tamper: selling stops, says why, and stays stopped after the case is closed until a technician acknowledges.
            await FeedAsync(env, "sensors.fifo", "case open");
            await KioskEnvironment.EventuallyAsync(async () => (await StatusAsync(env)).State == "out-of-service", TimeSpan.FromSeconds(10), "out of service on tamper");
            Assert.Contains("tamper alarm", (await StatusAsync(env)).Reason, StringComparison.Ordinal);
            Assert.Equal(0, (await env.CtlAsync("scan", Jam)).Exit);
            var refused = await env.CtlAsync("checkout");
            Assert.Equal(1, refused.Exit);
            Assert.Contains("tamper alarm", refused.Err, StringComparison.Ordinal);
            await env.CtlAsync("cancel");
            await FeedAsync(env, "sensors.fifo", "case closed");
            await WaitForEventAsync(env, e => e.Type == "sensor" && e.Payload.GetProperty("input").GetString() == "case" && !e.Payload.GetProperty("active").GetBoolean());
            Assert.Equal("out-of-service", (await StatusAsync(env)).State);

            // A staff card does not acknowledge a tamper alarm; a technician's does (and starts a session).
            await FeedAsync(env, "nfc.fifo", StaffCard);
            await WaitForEventAsync(env, e => e.Type == "staff-session" && e.Payload.GetProperty("staffId").GetString() == "kari");
            Assert.Equal("out-of-service", (await StatusAsync(env)).State);
            await FeedAsync(env, "nfc.fifo", TechnicianCard);
            var ack = await WaitForEventAsync(env, e => e.Type == "alarm-acknowledged");
            Assert.Equal("tech-ola", ack.Payload.GetProperty("staffId").GetString());
            await KioskEnvironment.EventuallyAsync(async () => (await StatusAsync(env)).State == "ready", TimeSpan.FromSeconds(10), "selling again");

            // Staff mode (technician now): scans count received goods; the checkout barcode books them as stock adjustments.
            Assert.Equal(0, (await env.CtlAsync("scan", Jam)).Exit);
            Assert.Equal(0, (await env.CtlAsync("scan", Jam)).Exit);
            var mode = (await StatusAsync(env)).CartMode;
            Assert.Equal("staff: goods receiving by tech-ola", mode);
            var booked = await env.CtlAsync("scan", "KIOSK-CHECKOUT");
            Assert.True(booked.Exit == 0, booked.Err);
            var adjustment = await WaitForEventAsync(env, e => e.Type == "stock-adjustment");
            Assert.Equal(("2", "received", "tech-ola"), (adjustment.Payload.GetProperty("delta").GetString(), adjustment.Payload.GetProperty("reason").GetString(), adjustment.Payload.GetProperty("staffId").GetString()));

            // The staff barcode leaves staff mode; the same card again would too. Unknown cards change nothing.
            Assert.Equal(0, (await env.CtlAsync("scan", "KIOSK-STAFF")).Exit);
            await WaitForEventAsync(env, e => e.Type == "staff-session" && e.Payload.GetProperty("action").GetString() == "end" && e.Payload.GetProperty("staffId").GetString() == "tech-ola");
            await FeedAsync(env, "nfc.fifo", "DEADBEEF");
            Assert.Equal("sale", (await StatusAsync(env)).CartMode);

            // A technician's manual stock correction and door unlock, both journaled before they take effect.
            var corrected = await env.CtlAsync("stock", "adjust", Jam, "-1", "--reason", "damage", "--staff", "kari");
            Assert.True(corrected.Exit == 0, corrected.Err);
            var badReason = await env.CtlAsync("stock", "adjust", Jam, "-1", "--reason", "lost", "--staff", "kari");
            Assert.Equal(1, badReason.Exit);
            Assert.Contains("'lost' is not a reason", badReason.Err, StringComparison.Ordinal);
            var door = await env.CtlAsync("door", "unlock", "--reason", "restocking", "--seconds", "3");
            Assert.True(door.Exit == 0, door.Err);
            var unlock = await WaitForEventAsync(env, e => e.Type == "door-unlock");
            Assert.Equal("restocking", unlock.Payload.GetProperty("reason").GetString());
            Assert.Contains($"door-unlock seq {unlock.Seq}", await File.ReadAllTextAsync(lockFile), StringComparison.Ordinal);
            await KioskEnvironment.EventuallyAsync(async () => (await File.ReadAllTextAsync(lockFile)).Trim() == "locked", TimeSpan.FromSeconds(10), "relocked on its timer");

            // Upstream: every event arrives once and in order; stock 36 - 1 sold + 2 received - 1 damaged = 36.
            var last = (await ExportAsync(env)).Max(e => e.Seq);
            await KioskEnvironment.EventuallyAsync(async () => await env.UpstreamLastSeqAsync() >= last, TimeSpan.FromSeconds(15), "all delivered");
            var stored = await env.UpstreamEventsAsync();
            Assert.All(stored, e => Assert.Equal("accepted", e.Status));
            Assert.Equal(Enumerable.Range(1, (int)last).Select(i => (long)i), stored.Select(e => e.Event.GetProperty("seq").GetInt64()));
            using var stock = JsonDocument.Parse(await env.Http.GetStringAsync($"v1/kiosks/{KioskEnvironment.KioskId}/stock?gtin={Jam}"));
            Assert.Equal("36", stock.RootElement.GetProperty("stock").GetString());

            var devices = await env.CtlAsync("devices");
            foreach (var name in new[] { "door", "sensors", "nfc", "buzzer", "terminal", "display", "light" })
            {
                Assert.Contains(name, devices.Out, StringComparison.Ordinal);
            }

            Assert.Contains("case=inactive", devices.Out, StringComparison.Ordinal);
            Assert.Contains("alarm", await File.ReadAllTextAsync(Path.Combine(env.DataDir, "devices", "buzzer.txt")), StringComparison.Ordinal);
        }
        catch
        {
            output.WriteLine(env.Diagnostics());
            throw;
        }
    }

    private static async Task FeedAsync(KioskEnvironment env, string fifo, string line)
    {
        var path = Path.Combine(env.DataDir, "devices", fifo);
        await KioskEnvironment.EventuallyAsync(() => Task.FromResult(File.Exists(path)), TimeSpan.FromSeconds(10), $"{fifo} created");
        await using var writer = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        await writer.WriteAsync(System.Text.Encoding.UTF8.GetBytes(line + "\n"));
    }

    private static async Task<(string State, string Reason, string CartMode)> StatusAsync(KioskEnvironment env)
    {
        var result = await env.CtlAsync("status", "--json");
        using var status = JsonDocument.Parse(result.Out);
        var root = status.RootElement;
        return (root.GetProperty("state").GetString()!, root.TryGetProperty("reason", out var r) ? r.GetString() ?? "" : "", root.GetProperty("cart").GetProperty("mode").GetString()!);
    }

    private sealed record Exported(long Seq, string Type, JsonElement Payload);

    private static async Task<List<Exported>> ExportAsync(KioskEnvironment env)
    {
        var result = await env.CtlAsync("journal", "export");
        Assert.True(result.Exit == 0, result.Err);
        return result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(e => new Exported(e.GetProperty("seq").GetInt64(), e.GetProperty("type").GetString()!, e.GetProperty("payload").Clone()))
            .ToList();
    }

    private static async Task<Exported> WaitForEventAsync(KioskEnvironment env, Func<Exported, bool> match)
    {
        Exported? found = null;
        await KioskEnvironment.EventuallyAsync(
            async () => (found = (await ExportAsync(env)).LastOrDefault(match)) is not null, TimeSpan.FromSeconds(10), "journaled event");
        return found!;
    }
}
