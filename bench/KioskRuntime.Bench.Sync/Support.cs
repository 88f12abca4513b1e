using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using KioskRuntime.Domain;
using KioskRuntime.Journal;

namespace KioskRuntime.Bench.Sync;

/// <summary>Contract-shaped sales over the reference back office's demo products.</summary>
internal static class Workload
{
    public static readonly string[] Gtins = ["07042260000126", "07040030001106", "07038010001659", "07020250001278"];

    public static async Task JournalAsync(KioskJournal journal, int count)
    {
        var receipt = 0L;
        for (var written = 0; written < count;)
        {
            var n = Math.Min(250, count - written);
            var batch = new List<NewEvent>(n);
            for (var i = 0; i < n; i++)
            {
                batch.Add(new NewEvent(EventTypes.Sale, Sale(++receipt, Gtins[receipt % Gtins.Length]), DateTimeOffset.UtcNow));
            }

            await journal.CommitAsync(new JournalWrite(batch));
            written += n;
        }
    }

    public static string Sale(long receiptNo, string gtin) => new JsonObject
    {
        ["receiptNo"] = receiptNo.ToString(CultureInfo.InvariantCulture),
        ["currency"] = "NOK",
        ["lines"] = new JsonArray(new JsonObject
        {
            ["gtin"] = gtin, ["name"] = "Lettmelk 1 l", ["qty"] = "1", ["unitPrice"] = "22.40", ["vatRate"] = "15", ["lineTotal"] = "22.40",
        }),
        ["total"] = "22.40",
        ["vat"] = new JsonArray(new JsonObject { ["rate"] = "15", ["base"] = "19.48", ["amount"] = "2.92" }),
        ["payments"] = new JsonArray(new JsonObject { ["method"] = "card", ["amount"] = "22.40", ["terminalRef"] = "T-" + receiptNo, ["cardBrand"] = "Visa" }),
    }.ToJsonString();
}

/// <summary>
/// What a scan and a checkout cost the kiosk while the drain runs: a product lookup in the journal database every 20 ms (as the
/// sale pipeline does on a scan) and a durable one-event sale commit with a stock update every 200 ms.
/// </summary>
internal sealed class SalePath(KioskJournal journal, string[] gtins) : IDisposable
{
    public List<double> Lookups { get; } = [];

    public List<double> Commits { get; } = [];

    public async Task RunAsync(CancellationToken ct)
    {
        var tick = 0;
        while (!ct.IsCancellationRequested)
        {
            var gtin = gtins[tick % gtins.Length];
            var started = Stopwatch.GetTimestamp();
            _ = journal.GetState<CatalogDocument>("catalog", gtin);
            Lookups.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (tick % 10 == 0)
            {
                started = Stopwatch.GetTimestamp();
                await journal.CommitAsync(new JournalWrite([new NewEvent(EventTypes.Sale, Workload.Sale(1_000_000 + tick, gtin), DateTimeOffset.UtcNow)], (state, _) =>
                {
                    var stock = state.Get<StockDocument>("stock", gtin) ?? new StockDocument { Gtin = gtin };
                    stock.Quantity -= 1;
                    state.Put("stock", gtin, stock);
                }), CancellationToken.None);
                Commits.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            tick++;
            try
            {
                await Task.Delay(20, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public static double Percentile(List<double> values, int p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        var index = (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }

    public void Dispose()
    {
    }
}

/// <summary>Resident set size from /proc (what the kernel charges the process), sampled to find the peak.</summary>
internal static class Rss
{
    public static long CurrentBytes() => ReadKb("VmRSS:") * 1024;

    public static long ReadKb(string field, string path = "/proc/self/status")
    {
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    public sealed class Sampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peak;

        public Sampler(TimeSpan interval)
        {
            _peak = CurrentBytes();
            _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, interval);
        }

        public long PeakBytes
        {
            get
            {
                Sample();
                return Interlocked.Read(ref _peak);
            }
        }

        public void Dispose() => _timer.Dispose();

        private void Sample()
        {
            var now = CurrentBytes();
            long seen;
            while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
            {
            }
        }
    }
}

/// <summary>CPU time of a process from /proc/PID/stat: comparable across runs where wall-clock time is not (the machine is shared).</summary>
internal static class Cpu
{
    private const double ClockTicksPerSecond = 100; // USER_HZ, 100 on Linux x64 and arm64

    public static TimeSpan OfProcess(int pid)
    {
        // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
    }
}

/// <summary>The reference back office as a child process on a free loopback port.</summary>
internal sealed class BackOffice : IAsyncDisposable
{
    public const string Token = "bench-token";

    /// <summary>The bench kiosk's own token.</summary>
    public const string KioskToken = "bench-kiosk-token";

    private static string Digest(string token) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    private readonly Process _process;
    private readonly HttpClient _admin;

    private BackOffice(Process process, Uri baseUrl, string dll)
    {
        _process = process;
        BaseUrl = baseUrl;
        Dll = dll;
        _admin = new HttpClient { BaseAddress = baseUrl };
        _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public Uri BaseUrl { get; }

    /// <summary>The kiosk-backoffice.dll that runs.</summary>
    public string Dll { get; }

    /// <param name="dll">A kiosk-backoffice.dll to run; null for this checkout's build of the same configuration.</param>
    public static async Task<BackOffice> StartAsync(string dataDir, string? dll = null)
    {
        dll ??= BuiltDll();
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"no back office build at {dll}", dll);
        }

        Directory.CreateDirectory(dataDir);
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        // One file, two tokens: the admin one (reads) and bench-kiosk's own, KioskToken.
        var credentials = Path.Combine(dataDir, "credentials");
        File.WriteAllLines(credentials, [$"admin {Digest(Token)}", $"kiosk:bench-kiosk {Digest(KioskToken)}"]);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        foreach (var arg in new[] { dll, "--urls", $"http://127.0.0.1:{port}", "--credentials", credentials, "--data", Path.Combine(dataDir, "backoffice.db") })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("backoffice: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var bo = new BackOffice(process, new Uri($"http://127.0.0.1:{port}/"), dll);
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var r = await bo._admin.GetAsync("/healthz");
                if (r.IsSuccessStatusCode)
                {
                    return bo;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the back office did not come up");
    }

    public async Task<long> LastSeqAsync(string kioskId)
    {
        using var doc = JsonDocument.Parse(await _admin.GetStringAsync($"/v1/kiosks/{kioskId}/cursor"));
        return doc.RootElement.GetProperty("lastSeq").GetInt64();
    }

    /// <summary>CPU time (user + system) the back office process has used so far.</summary>
    public TimeSpan CpuTime() => _process.HasExited ? TimeSpan.Zero : Cpu.OfProcess(_process.Id);

    public long PeakRssBytes() => _process.HasExited ? 0 : Rss.ReadKb("VmHWM:", $"/proc/{_process.Id}/status") * 1024;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _admin.Dispose();
    }

    private static string BuiltDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KioskRuntime.sln")))
        {
            dir = dir.Parent;
        }

        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        return Path.Combine(dir!.FullName, "src", "KioskRuntime.BackOffice", "bin", configuration, "net10.0", "kiosk-backoffice.dll");
    }
}

/// <summary>Time spent waiting for the back office (request sent → answer read).</summary>
internal sealed class TimingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private long _ticks;
    private int _requests;
    private int _pushes;

    public TimeSpan Total => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    public int Requests => _requests;

    public int Pushes => _pushes;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            return response;
        }
        finally
        {
            Interlocked.Add(ref _ticks, Stopwatch.GetElapsedTime(started).Ticks);
            Interlocked.Increment(ref _requests);
            if (request.Method == HttpMethod.Post)
            {
                Interlocked.Increment(ref _pushes);
            }
        }
    }
}
