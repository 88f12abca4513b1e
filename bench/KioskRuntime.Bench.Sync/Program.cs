// Sync drain benchmark. Usage:
//   dotnet run -c Release --project bench/KioskRuntime.Bench.Sync -- [--events 100000] [--keep] [--minimal-upstream]
//     [--backoffice-dll PATH]   (another build of kiosk-backoffice.dll, e.g. a copy of the previous commit's, to compare side by side)
// Journals N contract-shaped events (durably), starts the reference back office (kiosk-backoffice.dll, Release) on a free
// loopback port, then drains the backlog with the replay engine while a "sale path" loop keeps looking products up and
// committing small sales, and reports events/s, peak RSS of this process, and the sale path's latency percentiles.
using System.Diagnostics;
using System.Globalization;
using KioskRuntime.Bench.Sync;
using KioskRuntime.Domain;
using KioskRuntime.Journal;
using KioskRuntime.Sync;
using Microsoft.Extensions.Logging.Abstractions;

var events = Arg("--events", 100_000);
var keep = args.Contains("--keep");
var minimal = args.Contains("--minimal-upstream");
var backOfficeDll = ArgText("--backoffice-dll");
var root = Path.Combine(Path.GetTempPath(), "bench-sync-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(root);
Console.WriteLine($"sync drain bench: {events:N0} events, work dir {root}, {Environment.ProcessorCount} cpu(s), .NET {Environment.Version}");

var journal = KioskJournal.Open(new JournalOptions { DataDirectory = Path.Combine(root, "journal"), DiskReserveBytes = 0 }, TimeProvider.System, NullLogger<KioskJournal>.Instance);
var fill = Stopwatch.StartNew();
await Workload.JournalAsync(journal, events);
fill.Stop();
Console.WriteLine($"journaled {journal.LastSeq:N0} events in {fill.Elapsed.TotalSeconds:0.0} s (not part of the drain)");

await using var backOffice = await BackOffice.StartAsync(Path.Combine(root, "backoffice"), backOfficeDll);
Console.WriteLine($"back office: {backOffice.Dll}");
using var minimalUpstream = minimal ? new MinimalUpstream() : null;
var timing = new TimingHandler(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) });
using var http = new HttpClient(timing) { Timeout = Timeout.InfiniteTimeSpan };
var options = new UpstreamOptions { BaseUrl = minimalUpstream?.BaseUrl ?? backOffice.BaseUrl, Token = BackOffice.KioskToken, KioskId = "bench-kiosk" };
Console.WriteLine(minimal ? "upstream: minimal in-memory contract responder (HttpListener, loopback): the kiosk side alone" : "upstream: the reference back office (kiosk-backoffice, Release, SQLite, fsynced) on loopback");
var engine = new ReplayEngine(journal, http, options, TimeProvider.System, NullLogger<ReplayEngine>.Instance);
var pull = Stopwatch.StartNew();
var catalog = await new CatalogSync(journal, http, options with { BaseUrl = backOffice.BaseUrl }, TimeProvider.System, NullLogger<CatalogSync>.Instance).PullAsync(CancellationToken.None);
pull.Stop();
Console.WriteLine(Invariant($"catalog pull with {journal.LastSeq:N0} undelivered events to re-base stock on: {catalog.Outcome}, {catalog.Products} products, {pull.Elapsed.TotalMilliseconds:0} ms"));

GC.Collect();
var rssBefore = Rss.CurrentBytes();
using var sampler = new Rss.Sampler(TimeSpan.FromMilliseconds(50));
using var salePath = new SalePath(journal, Workload.Gtins);
using var cts = new CancellationTokenSource();
var kioskCpuBefore = Cpu.OfProcess(Environment.ProcessId);
var backOfficeCpuBefore = backOffice.CpuTime();
var loadBefore = LoadAverage();
var drain = Stopwatch.StartNew();
var loop = engine.RunAsync(cts.Token);
var pathTask = salePath.RunAsync(cts.Token);
var before = journal.LastSeq;
while (engine.Status.DeliveredSeq < before)
{
    await Task.Delay(10);
}

drain.Stop();
var kioskCpu = Cpu.OfProcess(Environment.ProcessId) - kioskCpuBefore;
var backOfficeCpu = backOffice.CpuTime() - backOfficeCpuBefore;
var loadAfter = LoadAverage();
await cts.CancelAsync();
await loop;
await pathTask;
var status = await engine.SyncNowAsync(CancellationToken.None);
var upstream = minimalUpstream?.LastSeq ?? await backOffice.LastSeqAsync(options.KioskId);

var rate = before / drain.Elapsed.TotalSeconds;
Console.WriteLine();
Console.WriteLine($"| metric | value |");
Console.WriteLine($"|---|---|");
Console.WriteLine(Invariant($"| events drained | {before:N0} (back office lastSeq {upstream:N0}, pending after {status.Pending}) |"));
Console.WriteLine(Invariant($"| drain time | {drain.Elapsed.TotalSeconds:0.00} s |"));
Console.WriteLine(Invariant($"| throughput | {rate:N0} events/s (target ≥ 20,000) |"));
Console.WriteLine(Invariant($"| RSS of the kiosk process | before {rssBefore / 1048576.0:0.0} MiB, peak during drain {sampler.PeakBytes / 1048576.0:0.0} MiB (target < 150 MiB) |"));
Console.WriteLine(Invariant($"| sale path during drain: product lookup | n={salePath.Lookups.Count}, p50 {SalePath.Percentile(salePath.Lookups, 50):0.00} ms, p99 {SalePath.Percentile(salePath.Lookups, 99):0.00} ms, max {SalePath.Percentile(salePath.Lookups, 100):0.00} ms |"));
Console.WriteLine(Invariant($"| sale path during drain: sale commit (durable) | n={salePath.Commits.Count}, p50 {SalePath.Percentile(salePath.Commits, 50):0.00} ms, p99 {SalePath.Percentile(salePath.Commits, 99):0.00} ms, max {SalePath.Percentile(salePath.Commits, 100):0.00} ms |"));
Console.WriteLine(Invariant($"| time waiting for the back office | {timing.Total.TotalSeconds:0.00} s in {timing.Requests} requests ({timing.Pushes} pushes) |"));
Console.WriteLine(Invariant($"| CPU time during the drain | kiosk process {kioskCpu.TotalSeconds:0.00} s (incl. the sale path), {(minimal ? "minimal responder in it" : $"back office {backOfficeCpu.TotalSeconds:0.00} s")} |"));
Console.WriteLine($"| machine load average (1 min) | {loadBefore} before, {loadAfter} after the drain ({Environment.ProcessorCount} cpus) |");
Console.WriteLine(Invariant($"| back office peak RSS | {backOffice.PeakRssBytes() / 1048576.0:0.0} MiB (separate process) |"));

journal.Dispose();
if (!keep)
{
    Directory.Delete(root, recursive: true);
}

return upstream >= before && status.Pending == 0 ? 0 : 1;

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

string? ArgText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? Path.GetFullPath(args[i + 1]) : null;
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
