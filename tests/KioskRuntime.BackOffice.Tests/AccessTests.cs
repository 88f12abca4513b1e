using System.Net;
using System.Text;
using KioskRuntime.BackOffice.Access;

namespace KioskRuntime.BackOffice.Tests;

/// <summary>Per-kiosk credentials, the admin credential and their rotation, over real HTTP.</summary>
public sealed class AccessTests : IAsyncLifetime
{
    private BackOfficeHost _host = null!;

    public async Task InitializeAsync() => _host = await BackOfficeHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Kiosk_a_credential_is_refused_for_every_route_of_kiosk_b()
    {
        using var b = _host.NewClient(BackOfficeHost.KioskToken("k2"));
        using (var pushed = await b.PostAsync("/v1/kiosks/k2/events", Json(Batch(Events.Sale(1)))))
        {
            Assert.Equal(HttpStatusCode.OK, pushed.StatusCode);
        }

        using var a = _host.NewClient(BackOfficeHost.KioskToken("k1"));
        using (var push = await a.PostAsync("/v1/kiosks/k2/events", Json(Batch(Events.Sale(2)))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, push.StatusCode);
            Assert.Contains("kiosk k1, not k2", (await push.JsonAsync()).Str("reason"), StringComparison.Ordinal);
        }

        foreach (var path in new[] { "/v1/kiosks/k2/cursor", "/v1/kiosks/k2/events", "/v1/kiosks/k2/catalog", $"/v1/kiosks/k2/stock?gtin={Events.Syltetoy}" })
        {
            using var read = await a.GetAsync(path);
            Assert.True(read.StatusCode == HttpStatusCode.Forbidden, $"GET {path} with kiosk k1's token answered {(int)read.StatusCode}");
        }

        Assert.Equal(1, (await _host.CursorAsync("k2")).LastSeq); // nothing of k1's attempt was stored under k2
    }

    [Theory]
    [InlineData("/V1/KIOSKS/k2/events")]
    [InlineData("/v1/Kiosks/k2/events/")]
    [InlineData("/v1/kiosks/%6B2/events")]
    public async Task The_rule_follows_the_route_whatever_the_path_spelling(string path)
    {
        using var a = _host.NewClient(BackOfficeHost.KioskToken("k1"));

        using var push = await a.PostAsync(path, Json(Batch(Events.Sale(1))));

        Assert.True(push.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{path}: {(int)push.StatusCode}");
        Assert.Equal(0, (await _host.CursorAsync("k2")).LastSeq);
    }

    [Theory]
    [InlineData("GET", "/admin/kiosks")]
    [InlineData("GET", "/admin/stock/negative")]
    [InlineData("GET", "/admin/faults")]
    [InlineData("DELETE", "/admin/faults")]
    public async Task A_kiosk_credential_is_refused_for_admin_routes(string method, string path)
    {
        using var a = _host.NewClient(BackOfficeHost.KioskToken("k1"));

        using var response = await a.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_admin_reads_every_kiosk_but_cannot_push_as_one()
    {
        using (await _host.PushAsync("k1", Events.Sale(1)))
        {
        }

        using var admin = _host.NewClient(BackOfficeHost.Token);
        using (var cursor = await admin.GetAsync("/v1/kiosks/k1/cursor"))
        {
            Assert.Equal(HttpStatusCode.OK, cursor.StatusCode);
        }

        using (var kiosks = await admin.GetAsync("/admin/kiosks"))
        {
            Assert.Equal(HttpStatusCode.OK, kiosks.StatusCode);
        }

        using var push = await admin.PostAsync("/v1/kiosks/k1/events", Json(Batch(Events.Sale(2))));
        Assert.Equal(HttpStatusCode.Forbidden, push.StatusCode);
        Assert.Equal(1, (await _host.CursorAsync("k1")).LastSeq);
    }

    [Fact]
    public async Task Fault_routes_do_not_exist_without_the_start_flag()
    {
        using var admin = _host.NewClient(BackOfficeHost.Token);

        using var set = await admin.PostAsync("/admin/faults", Json("""[{"match": "POST /v1/kiosks/*/events", "fault": "reset"}]"""));

        Assert.Equal(HttpStatusCode.NotFound, set.StatusCode);
        Assert.Contains("--enable-faults", (await set.JsonAsync()).Str("reason"), StringComparison.Ordinal);
        using var push = await _host.PushAsync("k1", Events.Sale(1));
        Assert.Equal(HttpStatusCode.OK, push.StatusCode);
    }

    [Fact]
    public async Task Rotation_two_tokens_are_valid_until_the_old_one_is_revoked_without_a_restart()
    {
        var output = new StringWriter();
        Assert.Equal(0, CredentialsCommand.Run(["issue", "--file", _host.CredentialsPath, "--kiosk", "k1"], output, TextWriter.Null, TimeProvider.System));
        var fresh = output.ToString().Trim();
        Assert.Equal(43, fresh.Length);
        Assert.DoesNotContain(fresh, await File.ReadAllTextAsync(_host.CredentialsPath), StringComparison.Ordinal);

        using var old = _host.NewClient(BackOfficeHost.KioskToken("k1"));
        using var rotated = _host.NewClient(fresh);
        await AssertStatusAsync(HttpStatusCode.OK, old, "/v1/kiosks/k1/cursor");
        await AssertStatusAsync(HttpStatusCode.OK, rotated, "/v1/kiosks/k1/cursor");
        await AssertStatusAsync(HttpStatusCode.Forbidden, rotated, "/v1/kiosks/k2/cursor");

        var list = new StringWriter();
        CredentialsCommand.Run(["list", "--file", _host.CredentialsPath], list, TextWriter.Null, TimeProvider.System);
        var oldId = Convert.ToHexStringLower(Credential.DigestOf(BackOfficeHost.KioskToken("k1")))[..12];
        Assert.Contains($"{oldId}  kiosk:k1", list.ToString(), StringComparison.Ordinal);
        await Task.Delay(20); // a modification time that differs from the issue's
        Assert.Equal(0, CredentialsCommand.Run(["revoke", "--file", _host.CredentialsPath, "--id", oldId], TextWriter.Null, TextWriter.Null, TimeProvider.System));

        await AssertStatusAsync(HttpStatusCode.Unauthorized, old, "/v1/kiosks/k1/cursor");
        await AssertStatusAsync(HttpStatusCode.OK, rotated, "/v1/kiosks/k1/cursor");
    }

    [Fact]
    public async Task A_credentials_file_others_may_write_stops_the_start()
    {
        var file = Path.Combine(_host.Directory, "loose-credentials");
        BackOfficeHost.WriteCredentials(file, ("admin", "x"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite);
        }

        var ex = Assert.Throws<BackOfficeConfigurationException>(() =>
            BackOfficeApp.Build(["--credentials", file, "--data", Path.Combine(_host.Directory, "other.db")]));

        Assert.Contains("writable by group or others", ex.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Theory]
    [InlineData("kiosk:K1 0000000000000000000000000000000000000000000000000000000000000000", "line 1: the subject")]
    [InlineData("admin plain-token", "line 1: the digest")]
    public void A_malformed_credentials_line_is_named(string line, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => CredentialSet.Parse(line, "creds"));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    private static async Task AssertStatusAsync(HttpStatusCode expected, HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
    }

    private static string Batch(params System.Text.Json.Nodes.JsonObject[] events) =>
        new System.Text.Json.Nodes.JsonObject { ["events"] = new System.Text.Json.Nodes.JsonArray(events.Select(e => (System.Text.Json.Nodes.JsonNode)e.DeepClone()).ToArray()) }.ToJsonString();

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
