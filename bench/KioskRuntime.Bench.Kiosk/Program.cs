using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using KioskRuntime.Bench.Kiosk;
using KioskRuntime.Control;

// Measures the real processes, as systemd would see them:
//   dotnet run -c Release --project bench/KioskRuntime.Bench.Kiosk -- [runs=5] [sales=100]
// For each run: a fresh data dir and back office, kioskd started with a notify socket; time to READY=1; N sales (scan 2 items,
// checkout) through the control socket; kioskd's VmRSS after the sales; then SIGTERM. Prints each run and the medians.
//   dotnet run -c Release --project bench/KioskRuntime.Bench.Kiosk -- drain [events=100000]
// The drain mode: kioskd starts on a journal holding a backlog and drains it to the back office while a customer scans (DrainRun).
//   dotnet run -c Release --project bench/KioskRuntime.Bench.Kiosk -- screen [runs=10] [sales=100]
// The screen mode: runs alternate between the local screen API off (Kiosk__ScreenDisabled) and on with one screen following the
// event stream during the sales; prints both medians side by side (start-up, idle and after-sales VmRSS) and their ratios.
// Needs a Release build of the solution (dotnet build -c Release).
var root = FindRoot();
string Dll(string project, string name) => Path.Combine(root, "src", project, "bin", "Release", "net10.0", name);
var kioskd = Dll("KioskRuntime.Daemon", "kioskd.dll");
var backOffice = Dll("KioskRuntime.BackOffice", "kiosk-backoffice.dll");
if (args.Length > 0 && args[0] == "drain")
{
    await KioskRuntime.Bench.Kiosk.DrainRun.RunAsync(kioskd, backOffice, args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000);
    return;
}

var screenBench = args.Length > 0 && args[0] == "screen";
args = screenBench ? args[1..] : args;
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : screenBench ? 10 : 5;
var sales = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
var results = new List<(double ReadySeconds, double SalesPerSecond, double RssMiB, bool Api, double IdleRssMiB)>();
Console.WriteLine($"runs={runs} sales={sales} machine: {Environment.ProcessorCount} cpu, .NET {Environment.Version}");
for (var run = 1; run <= runs; run++)
{
    var dir = Directory.CreateTempSubdirectory("kiosk-bench-").FullName;
    var port = Processes.FreePort();
    using var bo = Processes.Start(backOffice, ["--urls", $"http://127.0.0.1:{port}", "--credentials", Processes.BackOfficeCredentials(dir), "--data", Path.Combine(dir, "bo.db")], []);
    using var http = new HttpClient();
    while (!(await Processes.TryAsync(() => http.GetAsync($"http://127.0.0.1:{port}/healthz"))))
    {
        await Task.Delay(50);
    }

    var notifyPath = Path.Combine(dir, "notify.sock");
    using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    notify.Bind(new UnixDomainSocketEndPoint(notifyPath));
    var api = !screenBench || run % 2 == 0;
    var started = Stopwatch.StartNew();
    using var kd = Processes.Start(kioskd, ["--data-dir", Path.Combine(dir, "data"), "--upstream", $"http://127.0.0.1:{port}", "--upstream-token", "t"],
        new() { ["NOTIFY_SOCKET"] = notifyPath, ["Kiosk__ScreenPort"] = "0", ["Kiosk__ScreenDisabled"] = api ? "false" : "true" });
    var buffer = new byte[4096];
    while (true)
    {
        var n = await notify.ReceiveAsync(buffer, SocketFlags.None);
        if (Encoding.UTF8.GetString(buffer, 0, n).Split('\n').Contains("READY=1"))
        {
            break;
        }
    }

    var ready = started.Elapsed.TotalSeconds;
    var client = new ControlClient(DataDirectory.SocketPath(Path.Combine(dir, "data")));
    while ((await client.SendAsync("scan", new JsonObject { ["code"] = "07038010001659" })).Ok != true)
    {
        await Task.Delay(100); // until the catalog is pulled
    }

    await client.SendAsync("cancel");
    var idleRss = Processes.RssMiB(kd.Id);
    using var screen = new CancellationTokenSource();
    var following = screenBench && api ? ScreenFollower.RunAsync(Path.Combine(dir, "data"), screen.Token) : Task.FromResult(0L);
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < sales; i++)
    {
        await client.SendAsync("scan", new JsonObject { ["code"] = "07038010001659" });
        await client.SendAsync("scan", new JsonObject { ["code"] = "07040030001106" });
        var r = await client.SendAsync("checkout");
        if (r.Ok != true)
        {
            throw new InvalidOperationException($"sale {i} failed: {r.Error}");
        }
    }

    var perSecond = sales / clock.Elapsed.TotalSeconds;
    var rss = Processes.RssMiB(kd.Id);
    await screen.CancelAsync();
    var streamed = await following;
    results.Add((ready, perSecond, rss, api, idleRss));
    Console.WriteLine($"run {run} (screen API {(api ? "on" : "off")}): READY=1 after {ready:0.000} s; idle VmRSS {idleRss:0.0} MiB; {sales} sales at {perSecond:0.0}/s; VmRSS {rss:0.0} MiB{(streamed > 0 ? $"; the screen read {streamed / 1024.0:0} KiB of events" : "")}");
    Process.Start("kill", ["-TERM", kd.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
    kd.WaitForExit(20_000);
    bo.Kill();
    Directory.Delete(dir, true);
}

double Median(IEnumerable<double> v)
{
    var s = v.Order().ToArray();
    return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
}

if (screenBench)
{
    var off = results.Where(r => !r.Api).ToList();
    var on = results.Where(r => r.Api).ToList();
    string Side(string what, Func<(double ReadySeconds, double SalesPerSecond, double RssMiB, bool Api, double IdleRssMiB), double> f, string unit) =>
        $"{what}: off {Median(off.Select(f)):0.000} {unit}, on {Median(on.Select(f)):0.000} {unit}, on/off {Median(on.Select(f)) / Median(off.Select(f)):0.00}";
    Console.WriteLine(Side("start -> READY=1 median", r => r.ReadySeconds, "s"));
    Console.WriteLine(Side("idle VmRSS median", r => r.IdleRssMiB, "MiB"));
    Console.WriteLine(Side($"VmRSS after {sales} sales median", r => r.RssMiB, "MiB"));
    Console.WriteLine(Side("sales/s median", r => r.SalesPerSecond, "/s"));
    return;
}

Console.WriteLine($"median: READY=1 after {Median(results.Select(r => r.ReadySeconds)):0.000} s; {Median(results.Select(r => r.SalesPerSecond)):0.0} sales/s; VmRSS after {sales} sales {Median(results.Select(r => r.RssMiB)):0.0} MiB");

static string FindRoot()
{
    var dir = AppContext.BaseDirectory;
    while (!File.Exists(Path.Combine(dir, "KioskRuntime.sln")))
    {
        dir = Path.GetDirectoryName(dir)!;
    }

    return dir;
}
