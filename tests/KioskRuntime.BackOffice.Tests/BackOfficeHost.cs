using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace KioskRuntime.BackOffice.Tests;

/// <summary>
/// A real back office on loopback (Kestrel, port 0) with a real SQLite file in a temp directory; restartable on the same file.
/// Its credentials file holds a token for each of <see cref="Kiosks"/> (<see cref="KioskToken"/>) and an admin token;
/// <see cref="Client"/> sends, per request, the token of the kiosk the path names, or the admin token.
/// </summary>
internal sealed class BackOfficeHost : IAsyncDisposable
{
    /// <summary>The admin token.</summary>
    public const string Token = "test-admin-token-1234";

    /// <summary>The kiosks the credentials file knows.</summary>
    public static readonly string[] Kiosks = ["k1", "k2", "k3"];

    private readonly string[] _extraArgs;
    private readonly TimeProvider? _time;
    private WebApplication? _app;

    private BackOfficeHost(string directory, string[] extraArgs, TimeProvider? time)
    {
        Directory = directory;
        _extraArgs = extraArgs;
        _time = time;
    }

    public string Directory { get; }

    public string DataPath => Path.Combine(Directory, "data", "backoffice.db");

    public string CredentialsPath => Path.Combine(Directory, "credentials");

    /// <summary>The token of one kiosk of <see cref="Kiosks"/>.</summary>
    public static string KioskToken(string kiosk) => "test-token-" + kiosk;

    public HttpClient Client { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public static Task<BackOfficeHost> StartAsync(params string[] extraArgs) => StartAsync(null, extraArgs);

    public static async Task<BackOfficeHost> StartAsync(TimeProvider? time, params string[] extraArgs)
    {
        var dir = Path.Combine(Path.GetTempPath(), "kiosk-backoffice-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        var host = new BackOfficeHost(dir, extraArgs, time);
        await host.StartAppAsync();
        return host;
    }

    /// <summary>A client sending one fixed token (none when null).</summary>
    public HttpClient NewClient(string? token, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>A client sending, per request, the token of the kiosk its path names (or the admin token).</summary>
    public HttpClient NewClient(TimeSpan? timeout = null) =>
        new(new TokenPerKiosk(), disposeHandler: true) { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };

    /// <summary>Writes the credentials file: SHA-256 digests of the kiosk tokens and of the admin token.</summary>
    public static void WriteCredentials(string path, params (string Subject, string Token)[] entries)
    {
        var lines = entries.Select(e => $"{e.Subject} {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(e.Token)))}");
        File.WriteAllLines(path, lines);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    public async Task RestartAsync()
    {
        await StopAppAsync();
        await StartAppAsync();
    }

    public Task<HttpResponseMessage> PushAsync(string kiosk, params JsonObject[] events) =>
        PushRawAsync(kiosk, new JsonObject { ["events"] = new JsonArray(events.Select(e => (JsonNode)e.DeepClone()).ToArray()) }.ToJsonString());

    public Task<HttpResponseMessage> PushRawAsync(string kiosk, string body) =>
        Client.PostAsync($"/v1/kiosks/{kiosk}/events", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}");
        return await ReadJsonAsync(response);
    }

    public async Task<(long LastSeq, string LastHash)> CursorAsync(string kiosk)
    {
        var cursor = await GetJsonAsync($"/v1/kiosks/{kiosk}/cursor");
        return (cursor.GetProperty("lastSeq").GetInt64(), cursor.GetProperty("lastHash").GetString()!);
    }

    public async Task<string> StockAsync(string gtin)
    {
        var stock = await GetJsonAsync($"/v1/kiosks/k1/stock?gtin={gtin}");
        return stock.GetProperty("stock").GetString()!;
    }

    public Task<HttpResponseMessage> SetFaultsAsync(string json) =>
        Client.PostAsync("/admin/faults", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAppAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is harmless.
        }
    }

    private async Task StartAppAsync()
    {
        if (!File.Exists(CredentialsPath))
        {
            WriteCredentials(CredentialsPath, [("admin", Token), .. Kiosks.Select(k => ("kiosk:" + k, KioskToken(k)))]);
        }

        string[] args = ["--urls", "http://127.0.0.1:0", "--credentials", CredentialsPath, "--data", DataPath, .. _extraArgs];
        _app = BackOfficeApp.Build(args, _time is null ? null : services => services.AddSingleton(_time));
        await _app.StartAsync();
        BaseAddress = new Uri(BackOfficeApp.Addresses(_app).Single());
        Client = NewClient();
    }

    /// <summary>Stops the app and closes the data files (kept until dispose).</summary>
    public Task StopAsync() => StopAppAsync();

    private async Task StopAppAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }
}

/// <summary>Puts the token of the kiosk named in <c>/v1/kiosks/{kioskId}/…</c> on the request, the admin token otherwise.</summary>
internal sealed class TokenPerKiosk : DelegatingHandler
{
    public TokenPerKiosk()
        : base(new HttpClientHandler())
    {
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var segments = request.RequestUri!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var token = segments is ["v1", "kiosks", var kiosk, ..] && BackOfficeHost.Kiosks.Contains(kiosk)
            ? BackOfficeHost.KioskToken(kiosk)
            : BackOfficeHost.Token;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return base.SendAsync(request, cancellationToken);
    }
}

internal static class JsonExtensions
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) => await BackOfficeHost.ReadJsonAsync(response);

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;
}
