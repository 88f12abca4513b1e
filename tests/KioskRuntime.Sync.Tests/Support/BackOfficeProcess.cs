using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace KioskRuntime.Sync.Tests.Support;

/// <summary>One event as the reference back office stored it (its read view).</summary>
internal sealed record BackOfficeEvent(long Seq, string Status, string? Reason, string Id, string Hash, string Type);

/// <summary>
/// The reference back office (<c>kiosk-backoffice.dll</c>, built with this test project) run as a separate process on a free
/// loopback port, with its data file in a temp directory; stoppable (kill) and restartable on the same file.
/// </summary>
internal sealed class BackOfficeProcess : IAsyncDisposable
{
    /// <summary>The admin token (reads, fault rules).</summary>
    public const string Token = "fault-matrix-token";

    /// <summary>The kiosks the credentials file knows, each with <see cref="KioskToken"/>.</summary>
    public static readonly string[] Kiosks = ["kiosk-1", "kiosk-matrix", "kiosk-offline", "kiosk-restore", "kiosk-twin", "kiosk-old-copy"];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sync-bo-" + Guid.NewGuid().ToString("N"));
    private readonly StringBuilder _output = new();
    private Process? _process;

    private BackOfficeProcess(int port)
    {
        Port = port;
        Directory.CreateDirectory(Path.Combine(_dir, "data"));
        Admin = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public int Port { get; }

    /// <summary>One kiosk's own token.</summary>
    public static string KioskToken(string kioskId) => Token + "-" + kioskId;

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    public string DataDirectory => Path.Combine(_dir, "data");

    public HttpClient Admin { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<BackOfficeProcess> StartAsync()
    {
        var bo = new BackOfficeProcess(FreePort());
        await bo.StartProcessAsync();
        return bo;
    }

    /// <summary>The back office's dll, next to this test assembly's configuration (Debug/Release).</summary>
    public static string DllPath()
    {
        var here = AppContext.BaseDirectory;
        var configuration = here.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dir = new DirectoryInfo(here);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KioskRuntime.sln")))
        {
            dir = dir.Parent;
        }

        var dll = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + here),
            "src", "KioskRuntime.BackOffice", "bin", configuration, "net10.0", "kiosk-backoffice.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build tests/KioskRuntime.Sync.Tests first; it builds the back office", dll);
    }

    public async Task StartProcessAsync()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var credentials = Path.Combine(_dir, "credentials");
        File.WriteAllLines(credentials, [$"admin {Digest(Token)}", .. Kiosks.Select(k => $"kiosk:{k} {Digest(KioskToken(k))}")]);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        foreach (var arg in new[] { DllPath(), "--urls", BaseUrl.AbsoluteUri.TrimEnd('/'), "--credentials", credentials, "--enable-faults", "--data", Path.Combine(DataDirectory, "backoffice.db") })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"kiosk-backoffice exited with {process.ExitCode}: {Output}");
            }

            try
            {
                using var health = await Admin.GetAsync("/healthz");
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("kiosk-backoffice did not answer /healthz within 30 s: " + Output);
            }

            await Task.Delay(50);
        }
    }

    private static string Digest(string token) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Kills the process (the link goes down; nothing is flushed beyond what the back office made durable).</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async Task SetFaultsAsync(string rulesJson)
    {
        using var response = await Admin.PostAsync("/admin/faults", new StringContent(rulesJson, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"fault rules refused ({(int)response.StatusCode}): {body}");
        }
    }

    public async Task ClearFaultsAsync()
    {
        using var response = await Admin.DeleteAsync("/admin/faults");
        response.EnsureSuccessStatusCode();
    }

    public async Task<(long LastSeq, string LastHash)> CursorAsync(string kioskId)
    {
        using var doc = JsonDocument.Parse(await Admin.GetStringAsync($"/v1/kiosks/{kioskId}/cursor"));
        return (doc.RootElement.GetProperty("lastSeq").GetInt64(), doc.RootElement.GetProperty("lastHash").GetString()!);
    }

    /// <summary>Every event the back office stored for the kiosk, in its seq order (paged read view).</summary>
    public async Task<IReadOnlyList<BackOfficeEvent>> EventsAsync(string kioskId)
    {
        var all = new List<BackOfficeEvent>();
        long? from = 1;
        while (from is { } next)
        {
            using var doc = JsonDocument.Parse(await Admin.GetStringAsync($"/v1/kiosks/{kioskId}/events?fromSeq={next}&limit=1000"));
            foreach (var e in doc.RootElement.GetProperty("events").EnumerateArray())
            {
                var ev = e.GetProperty("event");
                all.Add(new BackOfficeEvent(
                    e.GetProperty("seq").GetInt64(),
                    e.GetProperty("status").GetString()!,
                    e.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null,
                    ev.GetProperty("id").GetString()!,
                    ev.GetProperty("hash").GetString()!,
                    ev.GetProperty("type").GetString()!));
            }

            from = doc.RootElement.TryGetProperty("nextFromSeq", out var n) && n.ValueKind == JsonValueKind.Number ? n.GetInt64() : null;
        }

        return all;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Admin.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            // Fault notices are always kept (tests check that each fault fired); other lines up to a bound.
            if (_output.Length < 200_000 || line.Contains(" injected into ", StringComparison.Ordinal))
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
