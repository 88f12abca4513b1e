using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace KioskRuntime.EndToEnd.Tests.Harness;

/// <summary>
/// A kiosk set up the way a technician finds one: the back office, a configuration directory with the operator's public key in
/// <c>trusted-keys/</c> and <c>profile.json</c> (the simulated profile), and kioskd reading both. Keys are made by the real
/// <c>kioskctl profile keygen</c> and profiles signed by the real <c>kioskctl profile sign</c>.
/// </summary>
internal sealed class FlashKiosk : IAsyncDisposable
{
    private readonly ITestOutputHelper _output;

    private FlashKiosk(KioskEnvironment env, ITestOutputHelper output)
    {
        Env = env;
        _output = output;
        ConfigDir = Path.Combine(env.Root, "etc-kiosk");
        Directory.CreateDirectory(Path.Combine(ConfigDir, "trusted-keys"));
    }

    public KioskEnvironment Env { get; }

    public string ConfigDir { get; }

    /// <summary>A copy of the profile in force at the start, to compare with.</summary>
    public string Original => Path.Combine(Env.Root, "original.json");

    public string OriginalHash { get; private set; } = "";

    public static async Task<FlashKiosk> StartAsync(ITestOutputHelper output)
    {
        var kiosk = new FlashKiosk(await KioskEnvironment.StartAsync(), output);
        try
        {
            await kiosk.KeygenAsync("operator");
            File.Copy(Path.Combine(kiosk.Env.Root, "operator.pub"), Path.Combine(kiosk.ConfigDir, "trusted-keys", "operator.pub"));
            File.Copy(RepoPaths.SimulatedProfile, Path.Combine(kiosk.ConfigDir, "profile.json"));
            File.Copy(RepoPaths.SimulatedProfile, kiosk.Original);
            kiosk.Env.StartKioskd(watchdogMs: 0, profile: Path.Combine(kiosk.ConfigDir, "profile.json"), extraArgs: ["--trusted-keys", Path.Combine(kiosk.ConfigDir, "trusted-keys")]);
            await kiosk.Env.Notify.WaitForAsync(a => a == "READY=1", TimeSpan.FromSeconds(30));
            kiosk.OriginalHash = (await kiosk.ProfileStatusAsync())["hash"]!.GetValue<string>();
            Assert.Equal("unsigned-simulated", (await kiosk.ProfileStatusAsync())["trust"]!.GetValue<string>());
            await KioskEnvironment.EventuallyAsync(async () => (await kiosk.Env.CtlAsync("scan", "7038010001659")).Exit == 0, TimeSpan.FromSeconds(20), "catalog pulled");
            Assert.Equal(0, (await kiosk.Env.CtlAsync("cancel")).Exit);
            return kiosk;
        }
        catch
        {
            output.WriteLine(kiosk.Env.Diagnostics());
            await kiosk.DisposeAsync();
            throw;
        }
    }

    public async Task KeygenAsync(string name)
    {
        var r = await Env.CtlAsync("profile", "keygen", Path.Combine(Env.Root, name));
        Assert.True(r.Exit == 0, r.Err);
    }

    /// <summary>The simulated profile with another duplicate-scan window (and <paramref name="edit"/> applied to its devices), signed.</summary>
    public async Task<string> SignedVariantAsync(string name, int windowMs, Action<JsonArray>? edit = null, string keyName = "operator")
    {
        if (!File.Exists(Path.Combine(Env.Root, keyName + ".key")))
        {
            await KeygenAsync(keyName);
        }

        var profile = JsonNode.Parse(File.ReadAllText(RepoPaths.SimulatedProfile), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        profile["duplicateScanWindowMs"] = windowMs;
        edit?.Invoke(profile["devices"]!.AsArray());
        var path = Path.Combine(Env.Root, name);
        var text = "// written by ProfileFlashTests\n" + profile.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        await File.WriteAllTextAsync(path, text);
        var signed = await Env.CtlAsync("profile", "sign", path, "--key", Path.Combine(Env.Root, keyName + ".key"));
        Assert.True(signed.Exit == 0, signed.Err);
        return path;
    }

    public async Task<(int Exit, string Out, string Err)> FlashAsync(string file, params string[] extra)
    {
        var r = await Env.CtlAsync(["profile", "flash", file, "--config-dir", ConfigDir, "--restart", "direct", "--json", .. extra]);
        _output.WriteLine($"flash exit {r.Exit}\n{r.Out}\n{r.Err}");
        return r;
    }

    public async Task<JsonNode> ProfileStatusAsync()
    {
        var status = await Env.CtlAsync("status", "--json");
        Assert.True(status.Exit == 0, status.Err);
        return JsonNode.Parse(status.Out)!["profile"]!;
    }

    /// <summary>A sale under the profile in force: scan, checkout, receipt, acknowledged durable.</summary>
    public async Task SellAsync()
    {
        await KioskEnvironment.EventuallyAsync(async () => (await Env.CtlAsync("scan", "7038010001659")).Exit == 0, TimeSpan.FromSeconds(20), "scan accepted");
        var checkout = await Env.CtlAsync("checkout");
        Assert.True(checkout.Exit == 0, checkout.Out + checkout.Err);
    }

    /// <summary>The payloads of the profile-flash events the back office received, in order.</summary>
    public async Task<List<JsonNode>> ProfileEventsUpstreamAsync()
    {
        var journaled = await Env.CtlAsync("journal", "export");
        var expected = journaled.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("\"profile-flash\"", StringComparison.Ordinal));
        List<(string Status, JsonElement Event)> events = [];
        await KioskEnvironment.EventuallyAsync(
            async () => (events = (await Env.UpstreamEventsAsync()).Where(e => e.Event.GetProperty("type").GetString() == "profile-flash").ToList()).Count == expected,
            TimeSpan.FromSeconds(20),
            $"{expected} profile-flash event(s) upstream");
        Assert.All(events, e => Assert.Equal("accepted", e.Status));
        return events.Select(e => JsonNode.Parse(e.Event.GetProperty("payload").GetRawText())!).ToList();
    }

    public async ValueTask DisposeAsync() => await Env.DisposeAsync();
}
