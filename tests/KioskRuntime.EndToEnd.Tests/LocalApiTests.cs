using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KioskRuntime.EndToEnd.Tests.Harness;
using Xunit.Abstractions;

namespace KioskRuntime.EndToEnd.Tests;

/// <summary>
/// The local screen API of a real kioskd (simulated profile) over real HTTP on loopback and its unix socket: who may talk to it, the
/// OpenAPI document against the running server, one status source with kioskctl, the event stream across a kill -9, and clients that
/// do not read.
/// </summary>
[Collection("processes")]
public sealed class LocalApiTests(ITestOutputHelper output)
{
    private const string Jam = "7038010001659";

    [Fact]
    public async Task Every_command_is_refused_without_the_token_from_a_foreign_origin_or_host_and_changes_nothing()
    {
        await using var env = await KioskEnvironment.StartAsync();
        env.StartKioskd();
        using var api = await ScreenApi.OpenAsync(env.DataDir);
        await ScanWhenCatalogArrivesAsync(api, Jam);
        var before = await api.GetJsonAsync("/api/v1/status");
        var operations = Operations(await api.GetJsonAsync("/openapi/v1.json"));
        Assert.Contains(("POST", "/api/v1/checkout"), operations);
        Assert.True(operations.Count >= 9, string.Join(", ", operations));

        var port = api.Origin.Port;
        using var bare = new HttpClient { BaseAddress = api.Origin };
        foreach (var (method, path) in operations)
        {
            var target = path == "/api/v1/products" ? path + "?q=brunost" : path;
            var cases = new (string What, Action<HttpRequestMessage> Shape, HttpStatusCode Expected)[]
            {
                ("no token", _ => { }, HttpStatusCode.Unauthorized),
                ("a wrong token", r => r.Headers.Authorization = new("Bearer", api.Token[..^2] + "xx"), HttpStatusCode.Unauthorized),
                ("a foreign Origin", r => { Authorize(r, api); r.Headers.Add("Origin", "http://evil.example"); }, HttpStatusCode.Forbidden),
                ("another loopback port's Origin", r => { Authorize(r, api); r.Headers.Add("Origin", $"http://127.0.0.1:{port + 1}"); }, HttpStatusCode.Forbidden),
                ("Sec-Fetch-Site: cross-site", r => { Authorize(r, api); r.Headers.Add("Sec-Fetch-Site", "cross-site"); }, HttpStatusCode.Forbidden),
                ("a foreign Host (DNS rebinding)", r => { Authorize(r, api); r.Headers.Host = $"kiosk.evil.example:{port}"; }, HttpStatusCode.MisdirectedRequest),
            };
            foreach (var (what, shape, expected) in cases)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), target);
                if (method == "POST")
                {
                    request.Content = new StringContent(path.EndsWith("/scan", StringComparison.Ordinal) ? $"{{\"code\":\"{Jam}\"}}" : "{\"plu\":\"BRU-500\"}", Encoding.UTF8, "application/json");
                }

                shape(request);
                using var response = await bare.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                Assert.True(expected == response.StatusCode, $"{method} {path} with {what}: {(int)response.StatusCode}, expected {(int)expected}");
                Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"), $"{method} {path}: a CORS header was sent");
            }
        }

        using (var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/checkout"))
        {
            preflight.Headers.Add("Origin", "http://evil.example");
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            using var answer = await bare.SendAsync(preflight);
            Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
            Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
        }

        // Nothing happened: no event journaled, the cart as it was (one jar of jam).
        var after = await api.GetJsonAsync("/api/v1/status");
        Assert.Equal(before.GetProperty("journal").GetProperty("lastSeq").GetInt64(), after.GetProperty("journal").GetProperty("lastSeq").GetInt64());
        Assert.Equal(1, after.GetProperty("cart").GetProperty("lines").GetArrayLength());

        // The screen's own origin with the token works (the refusals above are not "everything refused").
        using var own = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cancel");
        Authorize(own, api);
        own.Headers.Add("Origin", api.Origin.GetLeftPart(UriPartial.Authority));
        own.Headers.Add("Sec-Fetch-Site", "same-origin");
        Assert.Equal(HttpStatusCode.OK, (await bare.SendAsync(own)).StatusCode);

        // The unix socket: kioskd's own user needs no token (peer credentials decide).
        using var unix = UnixClient(Path.Combine(env.DataDir, "screen.sock"));
        Assert.Equal(HttpStatusCode.OK, (await unix.GetAsync("/api/v1/state")).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_comes_from_the_code_matches_the_checked_in_copy_and_every_path_answers()
    {
        await using var env = await KioskEnvironment.StartAsync();
        env.StartKioskd();
        using var api = await ScreenApi.OpenAsync(env.DataDir);
        var served = JsonNode.Parse(await api.Http.GetStringAsync("/openapi/v1.json"))!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        var checkedIn = Path.Combine(RepoPaths.Root, "docs", "local-api.openapi.json");
        if (Environment.GetEnvironmentVariable("KIOSK_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(checkedIn, served + "\n");
        }

        Assert.True(File.Exists(checkedIn), $"{checkedIn} is missing: run this test with KIOSK_UPDATE_OPENAPI=1 and commit it");
        Assert.True((await File.ReadAllTextAsync(checkedIn)).TrimEnd() == served, "docs/local-api.openapi.json differs from what kioskd serves: rerun with KIOSK_UPDATE_OPENAPI=1 and commit");

        using var doc = JsonDocument.Parse(served);
        foreach (var (method, path) in Operations(doc.RootElement).Where(o => o.Method == "GET" && o.Path != "/api/v1/events"))
        {
            var response = await api.Http.GetAsync(path == "/api/v1/products" ? path + "?q=x" : path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Kioskctl_status_and_the_status_api_are_one_source()
    {
        await using var env = await KioskEnvironment.StartAsync();
        env.StartKioskd();
        using var api = await ScreenApi.OpenAsync(env.DataDir);
        await ScanWhenCatalogArrivesAsync(api, Jam);
        var ctl = await env.CtlAsync("status", "--json");
        Assert.True(ctl.Exit == 0, ctl.Err);
        var fromCtl = JsonNode.Parse(ctl.Out)!.AsObject();
        var fromApi = JsonNode.Parse(await api.Http.GetStringAsync("/api/v1/status"))!.AsObject();
        Assert.Equal(fromCtl.Select(p => p.Key).Order(), fromApi.Select(p => p.Key).Order());
        foreach (var key in new[] { "kioskId", "state", "journal", "cart", "devices", "startedAt" })
        {
            Assert.Equal(fromCtl[key]!.ToJsonString(), fromApi[key]!.ToJsonString());
        }
    }

    [Fact]
    public async Task The_event_stream_survives_a_kioskd_kill_and_shows_the_true_state_after_it()
    {
        await using var env = await KioskEnvironment.StartAsync();
        var fixedPort = new Dictionary<string, string?> { ["Kiosk__ScreenPort"] = ChildProcess.FreeTcpPort().ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var kioskd = env.StartKioskd(extraEnvironment: fixedPort);
        using var api = await ScreenApi.OpenAsync(env.DataDir);
        await ScanWhenCatalogArrivesAsync(api, Jam);

        using var stream = await SseStream.ConnectAsync(api.Http);
        var first = await stream.NextAsync("state");
        var boot = first.GetProperty("bootId").GetString();
        Assert.Equal(1, first.GetProperty("cart").GetProperty("items").GetInt32());
        Assert.True((await api.PostJsonAsync("/api/v1/scan", $"{{\"code\":\"{Jam}\"}}")).IsSuccessStatusCode);
        var scan = await stream.NextAsync("scan");
        Assert.Equal("added", scan.GetProperty("reason").GetString());
        await stream.NextAsync("state", s => s.GetProperty("cart").GetProperty("lines")[0].GetProperty("qty").GetString() == "2");

        kioskd.Signal(9);
        await kioskd.WaitForExitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await stream.EndedAsync(TimeSpan.FromSeconds(10)), "the stream did not end when kioskd died");
        var restartedAt = DateTime.UtcNow;
        env.StartKioskd(extraEnvironment: fixedPort);
        using var again = await ScreenApi.OpenAsync(env.DataDir, restartedAt);
        Assert.Equal(api.Token, again.Token); // the same boot: the open screen's token still works, it just reconnects

        // Reconnect as the screen does (same URL, same token, every second) until kioskd answers; its first word is the true state.
        using var reconnected = await SseStream.ConnectRetryingAsync(api.Http, TimeSpan.FromSeconds(30));
        var truth = await reconnected.NextAsync("state");
        Assert.NotEqual(boot, truth.GetProperty("bootId").GetString());
        Assert.Equal(0, truth.GetProperty("cart").GetProperty("items").GetInt32()); // the unpaid cart died with the process
        Assert.True(truth.GetProperty("selling").GetBoolean());
    }

    [Fact]
    public async Task Clients_that_do_not_read_never_slow_the_sale_loop()
    {
        await using var env = await KioskEnvironment.StartAsync();
        env.StartKioskd();
        using var api = await ScreenApi.OpenAsync(env.DataDir);
        await ScanWhenCatalogArrivesAsync(api, Jam);
        await api.Http.PostAsync("/api/v1/cancel", null);
        string[] goods = ["7038010001659", "7040030001106", "7038591002014", "7020250001278", "7042260000126", "7040180004569", "7039570008126"];

        // The same work first with nobody stuck: the machine is shared, so the comparison is per scan, side by side, not absolute.
        var baseline = await ScanManyAsync(api, goods, 200);
        Assert.True((await api.Http.PostAsync("/api/v1/cancel", null)).IsSuccessStatusCode);

        // Four stuck screens: connected, asked for the stream, never read a byte (tiny receive buffers, so the kernel holds little).
        var stuck = new List<Socket>();
        for (var i = 0; i < 4; i++)
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 2048 };
            await s.ConnectAsync(IPAddress.Loopback, api.Origin.Port);
            await s.SendAsync(Encoding.ASCII.GetBytes($"GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1:{api.Origin.Port}\r\nAuthorization: Bearer {api.Token}\r\n\r\n"));
            stuck.Add(s);
        }

        await KioskEnvironment.EventuallyAsync(async () => (await api.GetJsonAsync("/api/v1/technician")).GetProperty("screenClients").GetInt32() >= 4, TimeSpan.FromSeconds(10), "the stuck clients are subscribed");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var withStuck = await ScanManyAsync(api, goods, 1000);

        Assert.True((await api.Http.PostAsync("/api/v1/cancel", null)).IsSuccessStatusCode);
        Assert.True((await api.PostJsonAsync("/api/v1/scan", $"{{\"code\":\"{Jam}\"}}")).IsSuccessStatusCode);
        var checkout = await api.Http.PostAsync("/api/v1/checkout", null);
        Assert.True(checkout.IsSuccessStatusCode, await checkout.Content.ReadAsStringAsync());
        clock.Stop();
        var tech = await api.GetJsonAsync("/api/v1/technician");
        output.WriteLine($"per scan: {baseline.TotalMilliseconds / 200:0.00} ms alone, {withStuck.TotalMilliseconds / 1000:0.00} ms with 4 unread streams; "
            + $"1000 scans and a checkout in {clock.Elapsed.TotalSeconds:0.0} s; cut off: {tech.GetProperty("screenClientsCutOff").GetInt64()}");
        Assert.True(withStuck.TotalMilliseconds / 1000 < 4 * (baseline.TotalMilliseconds / 200) + 5, "the sale loop slowed down while screens did not read");
        Assert.True(tech.GetProperty("screenClientsCutOff").GetInt64() >= 1, "no stuck client was cut off: its queue is not bounded");
        Assert.Equal("ready", tech.GetProperty("status").GetProperty("state").GetString());
        foreach (var s in stuck)
        {
            s.Dispose();
        }
    }

    [Fact]
    public async Task The_profile_switch_turns_the_api_off()
    {
        await using var env = await KioskEnvironment.StartAsync(backOffice: false);
        env.StartKioskd(upstream: false, extraEnvironment: new Dictionary<string, string?> { ["Kiosk__ScreenDisabled"] = "true" });
        await env.Notify.WaitForAsync(a => a == "READY=1", TimeSpan.FromSeconds(30));
        Assert.False(File.Exists(Path.Combine(env.DataDir, "screen-url")));
        Assert.False(File.Exists(Path.Combine(env.DataDir, "screen.sock")));
    }

    private static async Task<TimeSpan> ScanManyAsync(ScreenApi api, string[] goods, int count)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var scan = await api.PostJsonAsync("/api/v1/scan", $"{{\"code\":\"{goods[i % goods.Length]}\"}}");
            Assert.True(scan.IsSuccessStatusCode, await scan.Content.ReadAsStringAsync());
        }

        return clock.Elapsed;
    }

    private static async Task ScanWhenCatalogArrivesAsync(ScreenApi api, string code) =>
        await KioskEnvironment.EventuallyAsync(
            async () => (await api.PostJsonAsync("/api/v1/scan", $"{{\"code\":\"{code}\"}}")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(30),
            "the catalog arrived and the first scan was accepted");

    private static void Authorize(HttpRequestMessage request, ScreenApi api) => request.Headers.Authorization = new("Bearer", api.Token);

    private static List<(string Method, string Path)> Operations(JsonElement openApi) =>
        openApi.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => (m.Name.ToUpperInvariant(), p.Name)))
            .ToList();

    private static HttpClient UnixClient(string socketPath) =>
        new(new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        })
        { BaseAddress = new Uri("http://localhost") };
}
