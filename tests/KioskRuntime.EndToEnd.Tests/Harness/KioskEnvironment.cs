using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace KioskRuntime.EndToEnd.Tests.Harness;

/// <summary>
/// One simulated kiosk for a test: a temp data dir, the reference back office on a loopback port with its own database file, and kioskd
/// as a real process with a real notify socket. Everything is torn down with the test.
/// </summary>
internal sealed class KioskEnvironment : IAsyncDisposable
{
    /// <summary>The kiosk's own back-office token (bound to <see cref="KioskId"/> in the credentials file).</summary>
    public const string Token = "e2e-token";

    /// <summary>The back office's admin token: <see cref="Http"/> reads and sets fault rules with it.</summary>
    public const string AdminToken = "e2e-admin-token";
    public const string KioskId = "demo-kiosk-1";

    private readonly List<ChildProcess> _processes = [];

    private KioskEnvironment(string root)
    {
        Root = root;
        DataDir = Path.Combine(root, "data");
        Directory.CreateDirectory(DataDir);
        Notify = new NotifySocket(Path.Combine(root, "notify.sock"));
        BackOfficePort = ChildProcess.FreeTcpPort();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{BackOfficePort}/") };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
    }

    public string Root { get; }

    public string DataDir { get; }

    public NotifySocket Notify { get; }

    public int BackOfficePort { get; }

    public HttpClient Http { get; }

    public ChildProcess? Kioskd { get; private set; }

    public ChildProcess? BackOffice { get; private set; }

    public Stopwatch SinceKioskdStart { get; } = new();

    public string PrinterFolder => Path.Combine(DataDir, "printer");

    /// <summary>
    /// The return code printed on receipt <paramref name="receiptNo"/>, read from the simulated printer's rendering of it (<c>[QR: …]</c>):
    /// what a customer scans, the only place the kiosk hands the code out.
    /// </summary>
    public string ReturnCodeOf(long receiptNo)
    {
        var file = Directory.GetFiles(PrinterFolder, $"*-r{receiptNo.ToString(System.Globalization.CultureInfo.InvariantCulture)}.txt").Single();
        var match = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(file), @"\[QR: (KRT:[^\]\s]+)\]");
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException($"{file} shows no return code");
    }

    public static async Task<KioskEnvironment> StartAsync(bool backOffice = true)
    {
        var env = new KioskEnvironment(Directory.CreateTempSubdirectory("kiosk-e2e-").FullName);
        if (backOffice)
        {
            await env.StartBackOfficeAsync();
        }

        return env;
    }

    public async Task StartBackOfficeAsync()
    {
        // The simulated kiosk's own credential and an admin one, as SHA-256 digests (what `credentials issue` writes).
        var credentials = Path.Combine(Root, "backoffice-credentials");
        await File.WriteAllLinesAsync(credentials, [$"kiosk:{KioskId} {Digest(Token)}", $"admin {Digest(AdminToken)}"]);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        BackOffice = ChildProcess.StartDotnet(
            RepoPaths.BackOffice,
            ["--urls", $"http://127.0.0.1:{BackOfficePort}", "--credentials", credentials, "--enable-faults", "--data", Path.Combine(Root, "backoffice", "backoffice.db")]);
        _processes.Add(BackOffice);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                if ((await Http.GetAsync("healthz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (DateTime.UtcNow > deadline || BackOffice.HasExited)
            {
                throw new InvalidOperationException("kiosk-backoffice did not come up:\n" + BackOffice.Output);
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Starts kioskd. <paramref name="faults"/>: start the test host instead (kioskd with the fault seam armed from
    /// <paramref name="extraEnvironment"/>'s <c>KIOSK_ENABLE_FAULTS</c> / <c>KIOSK_KILL_AT</c>); the shipped kioskd reads neither.
    /// </summary>
    public ChildProcess StartKioskd(int watchdogMs = 2000, IDictionary<string, string?>? extraEnvironment = null, bool upstream = true, string? profile = null, bool faults = false, IEnumerable<string>? extraArgs = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["NOTIFY_SOCKET"] = Notify.Path,
            ["WATCHDOG_USEC"] = (watchdogMs * 1000L).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DOTNET_gcServer"] = "0",
            ["Kiosk__ScreenPort"] = "0", // several kiosks at once: the screen API on any free loopback port (LocalApiTests read screen-url)
        };
        foreach (var (k, v) in extraEnvironment ?? new Dictionary<string, string?>())
        {
            env[k] = v;
        }

        var args = new List<string> { "--profile", profile ?? RepoPaths.SimulatedProfile, "--data-dir", DataDir };
        args.AddRange(extraArgs ?? []);
        if (upstream)
        {
            args.AddRange(["--upstream", $"http://127.0.0.1:{BackOfficePort}", "--upstream-token", Token]);
        }

        args.AddRange(extraArgs ?? []);

        SinceKioskdStart.Restart();
        Kioskd = ChildProcess.StartDotnet(faults ? RepoPaths.KioskdTestHost : RepoPaths.Kioskd, args, env, Root);
        _processes.Add(Kioskd);
        return Kioskd;
    }

    private static string Digest(string token) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    public Task<(int Exit, string Out, string Err)> CtlAsync(params string[] args) => Kioskctl.RunAsync(DataDir, args);

    /// <summary>The back office's cursor for this kiosk.</summary>
    public async Task<long> UpstreamLastSeqAsync()
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync($"v1/kiosks/{KioskId}/cursor"));
        return doc.RootElement.GetProperty("lastSeq").GetInt64();
    }

    /// <summary>Every event the back office stored for this kiosk, as the kiosk sent it, with the back office's status for it.</summary>
    public async Task<List<(string Status, JsonElement Event)>> UpstreamEventsAsync()
    {
        var result = new List<(string, JsonElement)>();
        long from = 1;
        while (true)
        {
            using var doc = JsonDocument.Parse(await Http.GetStringAsync($"v1/kiosks/{KioskId}/events?fromSeq={from}&limit=1000"));
            var page = doc.RootElement.GetProperty("events").EnumerateArray().ToList();
            result.AddRange(page.Select(e => (e.GetProperty("status").GetString()!, e.GetProperty("event").Clone())));
            if (page.Count < 1000)
            {
                return result;
            }

            from = page[^1].GetProperty("seq").GetInt64() + 1;
        }
    }

    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {timeout}: {what}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _processes)
        {
            p.Dispose();
        }

        Http.Dispose();
        Notify.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }

        await Task.CompletedTask;
    }

    public string Diagnostics() =>
        $"--- kioskd ---\n{Kioskd?.Output}\n--- back office ---\n{BackOffice?.Output}\n--- notify ---\n{string.Join("\n", Notify.Assignments.Select(a => $"{a.At.TotalSeconds:0.00}s {a.Assignment}"))}";
}
