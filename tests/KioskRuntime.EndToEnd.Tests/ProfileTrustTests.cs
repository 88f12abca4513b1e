using System.Text.Json;
using System.Text.Json.Nodes;
using KioskRuntime.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace KioskRuntime.EndToEnd.Tests;

/// <summary>kioskd runs only profiles signed by a trusted key, all-simulated ones, or — saying so — anything under the development setting.</summary>
[Collection("processes")]
public sealed class ProfileTrustTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Kioskd_refuses_an_unsigned_profile_with_real_devices_unless_the_development_setting_is_on_and_status_says_so()
    {
        await using var env = await KioskEnvironment.StartAsync(backOffice: false);
        var keys = Path.Combine(env.Root, "trusted-keys");
        Directory.CreateDirectory(keys);
        var profile = JsonNode.Parse(File.ReadAllText(RepoPaths.SimulatedProfile), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        var devices = profile["devices"]!.AsArray();
        var at = devices.Select((d, i) => (Kind: d!["kind"]!.GetValue<string>(), Index: i)).Single(d => d.Kind == "printer").Index;
        devices[at] = new JsonObject { ["name"] = "printer", ["kind"] = "printer", ["driver"] = "tcp9100", ["path"] = "127.0.0.1:9", ["options"] = new JsonObject { ["capabilities"] = "epson-tm-t20iii" } };
        var path = Path.Combine(env.Root, "real-printer.json");
        await File.WriteAllTextAsync(path, profile.ToJsonString());

        var refused = env.StartKioskd(watchdogMs: 0, upstream: false, profile: path, extraArgs: ["--trusted-keys", keys]);
        // WaitForExitAsync also waits for the redirected output to reach its end: HasExited alone can be true before the refusal is read.
        Assert.Equal(78, await refused.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("the profile is not signed", refused.Output, StringComparison.Ordinal);
        Assert.Contains("kioskctl profile sign", refused.Output, StringComparison.Ordinal);

        env.StartKioskd(watchdogMs: 0, upstream: false, profile: path, extraArgs: ["--trusted-keys", keys], extraEnvironment: new Dictionary<string, string?> { ["Kiosk__AllowUnsignedProfiles"] = "true" });
        try
        {
            await env.Notify.WaitForAsync(a => a == "READY=1", TimeSpan.FromSeconds(30));
            var status = await env.CtlAsync("status");
            Assert.True(status.Exit == 0, status.Err);
            Assert.Matches(@"(?m)^profile\s+\S+real-printer\.json\s+sha256 [0-9a-f]{12}…, UNSIGNED — DEVELOPMENT SETTING ON: NOT VERIFIED \(the profile is not signed", status.Out);
            using var json = JsonDocument.Parse((await env.CtlAsync("status", "--json")).Out);
            Assert.Equal("unsigned-development", json.RootElement.GetProperty("profile").GetProperty("trust").GetString());
        }
        catch
        {
            output.WriteLine(env.Diagnostics());
            throw;
        }
    }
}
