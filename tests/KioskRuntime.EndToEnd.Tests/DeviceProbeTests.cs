using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using KioskRuntime.EndToEnd.Tests.Harness;
using KioskRuntime.Printing.Tests;
using KioskRuntime.Scanners.Tests.Support;

namespace KioskRuntime.EndToEnd.Tests;

/// <summary>
/// <c>kioskctl devices probe</c> against a fake sysfs tree (a Honeywell scanner: keyboard and HID POS interfaces) and the ESC/POS printer
/// emulator on TCP: device by device with a profile, and which profiles fit without one.
/// </summary>
[Collection("processes")]
public sealed class DeviceProbeTests
{
    [Fact]
    public async Task Probe_checks_each_device_of_a_profile_and_says_what_to_do_when_one_does_not_answer()
    {
        await using var env = await KioskEnvironment.StartAsync(backOffice: false);
        await using var printer = new PrinterEmulator();
        var fake = FakeSysfs.WithHoneywellScanner(Path.Combine(env.Root, "sysfs"));
        var profile = WriteProfile(env.Root, "kit.json", "0c2e", "0b61", printer.Port);

        var probe = await env.CtlAsync("devices", "probe", "--profile", profile, "--sysfs-root", fake.Sys, "--dev-root", fake.Dev, "--json");
        Assert.True(probe.Exit == 0, probe.Out + probe.Err);
        var devices = Devices(probe.Out);
        Assert.Equal("ok", devices["scanner"]["verdict"]!.GetValue<string>());
        Assert.Contains("0c2e:0b61 if1", devices["scanner"]["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("ok", devices["printer"]["verdict"]!.GetValue<string>());
        Assert.Contains("answers DLE EOT 1", devices["printer"]["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("simulated", devices["terminal"]["verdict"]!.GetValue<string>());

        // A printer that takes the connection but never answers status: not "ok", and the text names the next step.
        printer.Silent = true;
        var silent = await env.CtlAsync("devices", "probe", "--profile", profile, "--sysfs-root", fake.Sys, "--dev-root", fake.Dev);
        Assert.Equal(1, silent.Exit);
        Assert.Matches(@"(?m)^\s+unusable\s+printer\s+printer\s+tcp9100\s+127\.0\.0\.1:\d+: no answer to DLE EOT", silent.Out);
        Assert.Contains("next: check the printer is on, online and on this address", silent.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_profile_probe_lists_which_profiles_fit_what_is_attached()
    {
        await using var env = await KioskEnvironment.StartAsync(backOffice: false);
        await using var printer = new PrinterEmulator();
        var fake = FakeSysfs.WithHoneywellScanner(Path.Combine(env.Root, "sysfs"));
        var dir = Path.Combine(env.Root, "profiles");
        Directory.CreateDirectory(dir);
        WriteProfile(dir, "honeywell.json", "0c2e", "0b61", printer.Port);
        WriteProfile(dir, "zebra.json", "05e0", "1200", printer.Port);

        var probe = await env.CtlAsync("devices", "probe", "--profiles-dir", dir, "--sysfs-root", fake.Sys, "--dev-root", fake.Dev);
        Assert.True(probe.Exit == 0, probe.Out + probe.Err);
        Assert.Matches(@"(?m)^FITS\s+\S+honeywell\.json$", probe.Out);
        Assert.Matches(@"(?m)^no\s+\S+zebra\.json$", probe.Out);
        Assert.Matches(@"(?m)^\s+missing\s+scanner\s+scanner\s+hidraw\s+05e0:1200 \(hidraw\) not found; found [^\n]*0c2e:0b61 hidraw", probe.Out);
    }

    private static Dictionary<string, JsonNode> Devices(string json) =>
        JsonNode.Parse(json)!.AsArray().Single()!["devices"]!.AsArray().ToDictionary(d => d!["device"]!.GetValue<string>(), d => d!);

    /// <summary>The simulated profile with a hidraw scanner (<paramref name="vid"/>:<paramref name="pid"/>) and a TCP printer at the emulator.</summary>
    private static string WriteProfile(string dir, string name, string vid, string pid, int port)
    {
        var profile = JsonNode.Parse(File.ReadAllText(RepoPaths.SimulatedProfile), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        var devices = profile["devices"]!.AsArray();
        int At(string kind) => devices.Select((d, i) => (Kind: d!["kind"]!.GetValue<string>(), Index: i)).Single(d => d.Kind == kind).Index;
        devices[At("scanner")] = new JsonObject { ["name"] = "scanner", ["kind"] = "scanner", ["driver"] = "hidraw", ["options"] = new JsonObject { ["vendorId"] = vid, ["productId"] = pid } };
        devices[At("printer")] = new JsonObject
        {
            ["name"] = "printer", ["kind"] = "printer", ["driver"] = "tcp9100", ["path"] = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            ["options"] = new JsonObject { ["capabilities"] = "epson-tm-t20iii", ["paperWidthMm"] = 80 },
        };
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, profile.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}
