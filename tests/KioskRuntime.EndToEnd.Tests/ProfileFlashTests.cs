using System.Text.Json;
using System.Text.Json.Nodes;
using KioskRuntime.EndToEnd.Tests.Harness;
using KioskRuntime.Scanners.Tests.Support;
using Xunit.Abstractions;

namespace KioskRuntime.EndToEnd.Tests;

/// <summary>
/// <c>kioskctl profile flash</c> against a real kioskd (restarted in place over the control socket) and the real back office: a signed
/// profile goes in force and the kiosk sells; a bad signature, a probe mismatch, a kioskd that does not come up with the new profile,
/// and a failed self-test each leave the last known good in force, selling, with the outcome journaled and delivered upstream.
/// </summary>
[Collection("processes")]
public sealed class ProfileFlashTests(ITestOutputHelper output)
{
    private const string Jam = "7038010001659";

    [Fact]
    public async Task A_signed_profile_is_flashed_self_tested_journaled_and_sold_under()
    {
        await using var kiosk = await FlashKiosk.StartAsync(output);
        var next = await kiosk.SignedVariantAsync("next.json", 300);
        var flash = await kiosk.FlashAsync(next, "--unattended");
        Assert.True(flash.Exit == 0, flash.Out + flash.Err + kiosk.Env.Diagnostics());
        using var report = JsonDocument.Parse(flash.Out);
        Assert.Equal("in-force", report.RootElement.GetProperty("result").GetString());
        var hash = report.RootElement.GetProperty("profileHash").GetString()!;
        Assert.Equal(["validate", "signature", "probe", "write", "restart", "ready", "self-test", "journal"],
            report.RootElement.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("name").GetString()));

        var profile = await kiosk.ProfileStatusAsync();
        Assert.Equal(hash, profile["hash"]!.GetValue<string>());
        Assert.Equal("signed", profile["trust"]!.GetValue<string>());
        Assert.Equal(await File.ReadAllBytesAsync(kiosk.Original), await File.ReadAllBytesAsync(Path.Combine(kiosk.ConfigDir, "profile.last-good.json")));
        Assert.Contains("KioskRuntime selvtest", string.Concat(Directory.GetFiles(kiosk.Env.PrinterFolder, "*.txt").Select(File.ReadAllText)), StringComparison.Ordinal);
        Assert.Equal("locked", (await File.ReadAllTextAsync(Path.Combine(kiosk.Env.DataDir, "devices", "door-lock.txt"))).Trim());

        await kiosk.SellAsync();
        var events = await kiosk.ProfileEventsUpstreamAsync();
        var e = Assert.Single(events);
        Assert.Equal("flash", e["action"]!.GetValue<string>());
        Assert.Equal("in-force", e["result"]!.GetValue<string>());
        Assert.Equal(hash, e["profileHash"]!.GetValue<string>());
        Assert.Equal(kiosk.OriginalHash, e["previousHash"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_tampered_signature_is_refused_before_anything_changes()
    {
        await using var kiosk = await FlashKiosk.StartAsync(output);
        var next = await kiosk.SignedVariantAsync("tampered.json", 300);
        await File.WriteAllTextAsync(next, (await File.ReadAllTextAsync(next)).Replace("\"duplicateScanWindowMs\": 300", "\"duplicateScanWindowMs\": 301", StringComparison.Ordinal));
        var flash = await kiosk.FlashAsync(next, "--unattended");
        Assert.Equal(1, flash.Exit);
        using var report = JsonDocument.Parse(flash.Out);
        Assert.Equal("refused", report.RootElement.GetProperty("result").GetString());
        Assert.Equal("signature", report.RootElement.GetProperty("failedStep").GetString());
        Assert.Contains("changed after signing", report.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("nothing was changed", report.RootElement.GetProperty("nextAction").GetString(), StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllBytesAsync(kiosk.Original), await File.ReadAllBytesAsync(Path.Combine(kiosk.ConfigDir, "profile.json")));
        Assert.Equal(kiosk.OriginalHash, (await kiosk.ProfileStatusAsync())["hash"]!.GetValue<string>());
        await kiosk.SellAsync();
    }

    [Fact]
    public async Task A_profile_whose_scanner_is_not_attached_is_refused_at_the_probe_with_what_to_do()
    {
        await using var kiosk = await FlashKiosk.StartAsync(output);
        var sysfs = new FakeSysfs(Path.Combine(kiosk.Env.Root, "fake-sysfs"));
        var next = await kiosk.SignedVariantAsync("hidraw.json", 400, devices =>
        {
            var at = devices.Select((d, i) => (d!["kind"]!.GetValue<string>(), i)).Single(d => d.Item1 == "scanner").i;
            devices[at] = new JsonObject { ["name"] = "scanner", ["kind"] = "scanner", ["driver"] = "hidraw", ["options"] = new JsonObject { ["vendorId"] = "0c2e", ["productId"] = "0b61" } };
        });
        var flash = await kiosk.FlashAsync(next, "--unattended", "--sysfs-root", sysfs.Sys);
        Assert.Equal(1, flash.Exit);
        using var report = JsonDocument.Parse(flash.Out);
        Assert.Equal("probe", report.RootElement.GetProperty("failedStep").GetString());
        Assert.Contains("0c2e:0b61 (hidraw) not found", report.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("plug the scanner in", report.RootElement.GetProperty("nextAction").GetString(), StringComparison.Ordinal);
        Assert.Equal(kiosk.OriginalHash, (await kiosk.ProfileStatusAsync())["hash"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_profile_kioskd_will_not_run_is_rolled_back_when_it_is_not_ready_in_time()
    {
        await using var kiosk = await FlashKiosk.StartAsync(output);

        // Signed by a key the technician's flash trusts but this kiosk does not: kioskd refuses it on restart and keeps the old one.
        var laptopKeys = Path.Combine(kiosk.Env.Root, "laptop-keys");
        var other = await kiosk.SignedVariantAsync("other-key.json", 300, keyName: "other");
        Directory.CreateDirectory(laptopKeys);
        File.Copy(Path.Combine(kiosk.Env.Root, "other.pub"), Path.Combine(laptopKeys, "other.pub"));
        var flash = await kiosk.FlashAsync(other, "--unattended", "--trusted-keys", laptopKeys, "--ready-timeout", "5");
        Assert.Equal(1, flash.Exit);
        using var report = JsonDocument.Parse(flash.Out);
        Assert.Equal("rolled-back", report.RootElement.GetProperty("result").GetString());
        Assert.Equal("ready", report.RootElement.GetProperty("failedStep").GetString());
        Assert.Equal(await File.ReadAllBytesAsync(kiosk.Original), await File.ReadAllBytesAsync(Path.Combine(kiosk.ConfigDir, "profile.json")));
        Assert.Equal(kiosk.OriginalHash, (await kiosk.ProfileStatusAsync())["hash"]!.GetValue<string>());
        await kiosk.SellAsync();
        var e = Assert.Single(await kiosk.ProfileEventsUpstreamAsync());
        Assert.Equal("rolled-back", e["result"]!.GetValue<string>());
        Assert.Equal("ready", e["failedStep"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_failed_self_test_rolls_back_and_rollback_on_demand_restores_the_last_known_good()
    {
        await using var kiosk = await FlashKiosk.StartAsync(output);
        var next = await kiosk.SignedVariantAsync("next.json", 300);

        // Attended, and nobody scans: the scan prompt times out.
        var flash = await kiosk.FlashAsync(next, "--scan-seconds", "1");
        Assert.Equal(1, flash.Exit);
        using (var report = JsonDocument.Parse(flash.Out))
        {
            Assert.Equal("rolled-back", report.RootElement.GetProperty("result").GetString());
            Assert.Equal("self-test", report.RootElement.GetProperty("failedStep").GetString());
            Assert.Contains("no scan within 1 s", report.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(kiosk.OriginalHash, (await kiosk.ProfileStatusAsync())["hash"]!.GetValue<string>());
        await kiosk.SellAsync();

        // Flashed again (unattended) it goes in force; rollback on demand puts the original back, and the flashed one becomes the last good.
        var again = await kiosk.FlashAsync(next, "--unattended");
        Assert.True(again.Exit == 0, again.Out + again.Err);
        Assert.NotEqual(kiosk.OriginalHash, (await kiosk.ProfileStatusAsync())["hash"]!.GetValue<string>());
        var rollback = await kiosk.Env.CtlAsync("profile", "rollback", "--config-dir", kiosk.ConfigDir, "--restart", "direct", "--unattended", "--json");
        Assert.True(rollback.Exit == 0, rollback.Out + rollback.Err);
        Assert.Equal(kiosk.OriginalHash, (await kiosk.ProfileStatusAsync())["hash"]!.GetValue<string>());
        await kiosk.SellAsync();
        var results = (await kiosk.ProfileEventsUpstreamAsync()).Select(e => $"{e["action"]}:{e["result"]}").ToList();
        Assert.Equal(["flash:rolled-back", "flash:in-force", "rollback:in-force"], results);
    }
}
