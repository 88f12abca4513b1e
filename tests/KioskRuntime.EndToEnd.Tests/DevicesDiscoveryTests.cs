using System.Diagnostics;
using System.Text.Json;
using KioskRuntime.EndToEnd.Tests.Harness;
using KioskRuntime.Scanners.Tests.Support;
using Xunit.Abstractions;

namespace KioskRuntime.EndToEnd.Tests;

/// <summary><c>kioskctl devices</c> lists the profile's devices and every scanner interface in sysfs, configured or not.</summary>
[Collection("processes")]
public sealed class DevicesDiscoveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Devices_lists_scanners_found_in_sysfs_with_the_driver_to_use_with_or_without_kioskd()
    {
        await using var env = await KioskEnvironment.StartAsync(backOffice: false);
        var fake = FakeSysfs.WithHoneywellScanner(Path.Combine(env.DataDir, "..", "fake-sysfs-" + Guid.NewGuid().ToString("N")[..8]));
        try
        {
            // A technician probing a kiosk before kioskd runs: the scanner is found, with the driver to put in the profile.
            var before = await env.CtlAsync("devices", "--sysfs-root", fake.Sys, "--dev-root", fake.Dev);
            Assert.Equal(1, before.Exit);
            Assert.Contains("not running", before.Err, StringComparison.Ordinal);
            var lines = before.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            Assert.Matches(@"^found\s+0c2e:0b61 if1\s+HID POS\s+\S+/hidraw1\s+driver hidraw\s+not in the profile\s+Honeywell Imaging & Mobility 1900GSR-2 serial 21012B4C31$", lines[0]);
            Assert.Matches(@"^found\s+0c2e:0b61 if0\s+keyboard\s+\S+/input/event3\s+driver evdev\s+not in the profile", lines[1]);

            // With kioskd running: its configured devices first, then what sysfs offers; JSON for scripts.
            env.StartKioskd(watchdogMs: 0, upstream: false);
            await env.Notify.WaitForAsync(a => a == "READY=1", TimeSpan.FromSeconds(20));
            var running = await env.CtlAsync("devices", "--json", "--sysfs-root", fake.Sys, "--dev-root", fake.Dev);
            Assert.True(running.Exit == 0, running.Err);
            using var doc = JsonDocument.Parse(running.Out);
            var configured = doc.RootElement.GetProperty("configured").EnumerateArray().Select(d => d.GetProperty("name").GetString()).ToList();
            Assert.Contains("scanner", configured);
            Assert.Contains("door", configured);
            var discovered = doc.RootElement.GetProperty("discovered").EnumerateArray().ToList();
            Assert.Equal(["hidraw", "evdev"], discovered.Select(d => d.GetProperty("suggestedDriver").GetString()));
            Assert.All(discovered, d => Assert.Equal(JsonValueKind.Null, d.GetProperty("configuredAs").ValueKind));
        }
        catch
        {
            output.WriteLine(env.Diagnostics());
            throw;
        }
        finally
        {
            Directory.Delete(fake.Root, recursive: true);
        }
    }
}
