using System.Net;
using KioskRuntime.BackOffice.Faults;

namespace KioskRuntime.BackOffice.Tests;

public sealed class FaultInjectionTests : IAsyncLifetime
{
    private const string PushRule = "POST /v1/kiosks/*/events";
    private BackOfficeHost _host = null!;

    public async Task InitializeAsync() => _host = await BackOfficeHost.StartAsync("--enable-faults");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Status_fault_answers_with_retry_after_for_count_requests_without_storing()
    {
        await SetAsync($$"""[{"match": "{{PushRule}}", "fault": "status", "status": 503, "retryAfter": 7, "count": 2}]""");

        for (var i = 0; i < 2; i++)
        {
            using var faulted = await _host.PushAsync("k1", Events.Sale(1));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, faulted.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), faulted.Headers.RetryAfter!.Delta);
        }

        Assert.Equal(0, (await _host.CursorAsync("k1")).LastSeq);
        using var third = await _host.PushAsync("k1", Events.Sale(1));
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Fact]
    public async Task Status_fault_only_hits_matching_requests()
    {
        await SetAsync($$"""[{"match": "{{PushRule}}", "fault": "status", "status": 429}]""");

        using var cursor = await _host.Client.GetAsync("/v1/kiosks/k1/cursor");
        using var push = await _host.PushAsync("k1", Events.Sale(1));

        Assert.Equal(HttpStatusCode.OK, cursor.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, push.StatusCode);
    }

    [Fact]
    public async Task Rules_may_be_wrapped_in_an_object_and_start_empty()
    {
        Assert.Empty((await _host.GetJsonAsync("/admin/faults")).GetProperty("rules").EnumerateArray());

        await SetAsync($$"""{"rules": [{"match": "{{PushRule}}", "fault": "status", "status": 500, "count": 1}]}""");

        using var response = await _host.PushAsync("k1", Events.Sale(1));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task Reset_aborts_without_processing()
    {
        await SetAsync($$"""[{"match": "{{PushRule}}", "fault": "reset", "count": 1}]""");

        await Assert.ThrowsAsync<HttpRequestException>(() => _host.PushAsync("k1", Events.Sale(1)));

        Assert.Equal(0, (await _host.CursorAsync("k1")).LastSeq);
    }

    [Fact]
    public async Task Commit_then_drop_stores_the_batch_but_never_answers()
    {
        await SetAsync($$"""[{"match": "{{PushRule}}", "fault": "commit-then-drop", "count": 1}]""");

        await Assert.ThrowsAsync<HttpRequestException>(() => _host.PushAsync("k1", Events.Sale(1), Events.Sale(2)));

        Assert.Equal((2L, Events.Hash(2)), await _host.CursorAsync("k1"));
        using var resend = await _host.PushAsync("k1", Events.Sale(1), Events.Sale(2));
        Assert.Equal(["duplicate", "duplicate"],
            (await resend.JsonAsync()).GetProperty("results").EnumerateArray().Select(r => r.Str("status")));
        Assert.Equal("34", await _host.StockAsync(Events.Syltetoy));
    }

    [Fact]
    public async Task Hang_never_answers_before_the_client_gives_up()
    {
        await SetAsync($$"""[{"match": "{{PushRule}}", "fault": "hang", "count": 1}]""");
        using var impatient = _host.NewClient(timeout: TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() =>
            impatient.PostAsync("/v1/kiosks/k1/events", new StringContent("""{"events":[]}""")));

        Assert.Equal(0, (await _host.CursorAsync("k1")).LastSeq);
    }

    [Fact]
    public async Task Hang_bounded_by_delay_ends_with_an_aborted_connection()
    {
        await SetAsync($$"""[{"match": "{{PushRule}}", "fault": "hang", "delayMs": 50, "count": 1}]""");

        await Assert.ThrowsAsync<HttpRequestException>(() => _host.PushAsync("k1", Events.Sale(1)));

        Assert.Equal(0, (await _host.CursorAsync("k1")).LastSeq);
    }

    [Fact]
    public async Task Hang_ends_when_the_server_shuts_down()
    {
        await SetAsync($$"""[{"match": "{{PushRule}}", "fault": "hang", "count": 1}]""");
        using var patient = _host.NewClient(timeout: TimeSpan.FromMinutes(5));
        var hanging = patient.PostAsync("/v1/kiosks/k1/events", new StringContent("""{"events":[]}"""));
        await WaitUntilHangingAsync();

        // The rule has no bound below 10 minutes and Kestrel would wait 30 s for the request: only the shutdown token ends it now.
        await _host.RestartAsync().WaitAsync(TimeSpan.FromSeconds(20));

        await Assert.ThrowsAsync<HttpRequestException>(() => hanging.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Slow_delays_then_answers_normally()
    {
        await SetAsync($$"""[{"match": "{{PushRule}}", "fault": "slow", "delayMs": 50}]""");

        using var response = await _host.PushAsync("k1", Events.Sale(1));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("accepted", (await response.JsonAsync()).GetProperty("results")[0].Str("status"));
    }

    [Fact]
    public async Task Admin_paths_are_never_faulted_so_rules_can_always_be_cleared()
    {
        await SetAsync("""[{"match": "* /**", "fault": "reset"}]""");

        await Assert.ThrowsAsync<HttpRequestException>(() => _host.Client.GetAsync("/v1/kiosks/k1/cursor"));
        using var cleared = await _host.Client.DeleteAsync("/admin/faults");

        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Empty((await cleared.JsonAsync()).GetProperty("rules").EnumerateArray());
        Assert.Equal(0, (await _host.CursorAsync("k1")).LastSeq);
    }

    [Fact]
    public async Task Listing_shows_rules_with_their_remaining_count()
    {
        await SetAsync($$"""[{"match": "{{PushRule}}", "fault": "status", "status": 500, "count": 3}]""");
        using (await _host.PushAsync("k1", Events.Sale(1)))
        {
        }

        var listed = await _host.GetJsonAsync("/admin/faults");

        var rule = Assert.Single(listed.GetProperty("rules").EnumerateArray());
        Assert.Equal("status", rule.Str("fault"));
        Assert.Equal(3, rule.GetProperty("count").GetInt32());
        Assert.Equal(2, rule.GetProperty("remaining").GetInt32());
    }

    [Theory]
    [InlineData("""[{"match": "POST /x", "fault": "explode"}]""", "rules[0].fault")]
    [InlineData("""[{"match": "POST", "fault": "reset"}]""", "rules[0].match")]
    [InlineData("""[{"match": "POST /x", "fault": "status", "status": 200}]""", "rules[0].status")]
    [InlineData("""[{"match": "POST /x", "fault": "reset", "probability": 2}]""", "rules[0].probability")]
    [InlineData("""[{"match": "POST /x", "fault": "slow"}]""", "rules[0].delayMs")]
    [InlineData("""{"match": "POST /x"}""", "JSON array")]
    public async Task Bad_rules_are_400_naming_the_rule_and_field(string json, string expected)
    {
        using var response = await _host.SetFaultsAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, (await response.JsonAsync()).Str("reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Faults_file_given_at_start_is_active()
    {
        var file = Path.Combine(_host.Directory, "faults.json");
        await File.WriteAllTextAsync(file, $$"""[{"match": "{{PushRule}}", "fault": "status", "status": 503, "count": 1}]""");
        await using var host = await BackOfficeHost.StartAsync("--enable-faults", "--faults", file);

        using var response = await host.PushAsync("k1", Events.Sale(1));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public void Faults_file_that_is_not_valid_json_is_a_clear_configuration_error()
    {
        var file = Path.Combine(_host.Directory, "broken.json");
        File.WriteAllText(file, "[{\"match\": ");

        var ex = Assert.Throws<BackOfficeConfigurationException>(() =>
            BackOfficeApp.Build(["--credentials", _host.CredentialsPath, "--enable-faults", "--faults", file, "--data", Path.Combine(_host.Directory, "other.db")]));

        Assert.Contains("--faults", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 1", ex.Message, StringComparison.Ordinal);
    }

    private async Task WaitUntilHangingAsync()
    {
        // The rule's count drops to 0 when the hanging request has been picked.
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var rules = await _host.GetJsonAsync("/admin/faults");
            if (rules.GetProperty("rules")[0].GetProperty("remaining").GetInt32() == 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("the hang rule never fired");
    }

    private async Task SetAsync(string json)
    {
        using var response = await _host.SetFaultsAsync(json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
