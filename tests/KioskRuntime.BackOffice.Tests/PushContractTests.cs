using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KioskRuntime.BackOffice.Tests;

public sealed class PushContractTests : IAsyncLifetime
{
    private BackOfficeHost _host = null!;

    public async Task InitializeAsync() => _host = await BackOfficeHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Accepted_batch_answers_every_seq_and_moves_the_cursor()
    {
        using var response = await _host.PushAsync("k1", Events.Sale(1), Events.Sale(2), Events.Adjustment(3, Events.Brunost, "5"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(3, body.GetProperty("lastSeq").GetInt64());
        Assert.Equal(["accepted", "accepted", "accepted"], body.GetProperty("results").EnumerateArray().Select(r => r.Str("status")));
        Assert.Equal([1L, 2L, 3L], body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("seq").GetInt64()));
        Assert.Equal((3L, Events.Hash(3)), await _host.CursorAsync("k1"));
    }

    [Fact]
    public async Task Cursor_of_a_kiosk_never_seen_is_zero_and_empty()
    {
        Assert.Equal((0L, ""), await _host.CursorAsync("never-seen"));
    }

    [Fact]
    public async Task Resend_of_the_same_events_is_duplicate_and_changes_nothing()
    {
        (await _host.PushAsync("k1", Events.Sale(1, qty: "2"))).Dispose();

        using var again = await _host.PushAsync("k1", Events.Sale(1, qty: "2"), Events.Sale(2, qty: "1"));

        var body = await again.JsonAsync();
        Assert.Equal(["duplicate", "accepted"], body.GetProperty("results").EnumerateArray().Select(r => r.Str("status")));
        Assert.Equal("33", await _host.StockAsync(Events.Syltetoy)); // 36 - 2 - 1, the resent sale not applied twice
    }

    [Fact]
    public async Task Malformed_event_inside_a_batch_ends_the_prefix_and_leads_the_resend_with_400()
    {
        var broken = Events.Sale(3);
        broken["payload"]!["total"] = 42.9; // a JSON number, not a decimal string

        using var first = await _host.PushAsync("k1", Events.Sale(1), Events.Sale(2), broken, Events.Sale(4));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await first.JsonAsync();
        Assert.Equal(2, body.GetProperty("lastSeq").GetInt64());
        Assert.Equal([1L, 2L], body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("seq").GetInt64()));

        using var resend = await _host.PushAsync("k1", broken, Events.Sale(4));
        Assert.Equal(HttpStatusCode.BadRequest, resend.StatusCode);
        var error = await resend.JsonAsync();
        Assert.Equal("invalid", error.Str("error"));
        Assert.Equal(3, error.GetProperty("seq").GetInt64());
        Assert.Contains("payload.total", error.Str("reason"), StringComparison.Ordinal);

        // The kiosk dead-letters 3 and sends the rest: seq advanced past the malformed event.
        using var rest = await _host.PushAsync("k1", Events.Sale(4));
        Assert.Equal("accepted", (await rest.JsonAsync()).GetProperty("results")[0].Str("status"));
        var stored = await _host.GetJsonAsync("/v1/kiosks/k1/events?fromSeq=3&limit=1");
        Assert.Equal("invalid", stored.GetProperty("events")[0].Str("status"));
        Assert.Equal(42.9, stored.GetProperty("events")[0].GetProperty("event").GetProperty("payload").GetProperty("total").GetDouble());
    }

    [Fact]
    public async Task Batch_after_a_gap_is_409_seq_gap_with_the_expected_seq()
    {
        (await _host.PushAsync("k1", Events.Sale(1))).Dispose();

        using var response = await _host.PushAsync("k1", Events.Sale(3), Events.Sale(4));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("seq-gap", body.Str("error"));
        Assert.Equal(2, body.GetProperty("expectedSeq").GetInt64());
        Assert.Equal(1, (await _host.CursorAsync("k1")).LastSeq);
    }

    [Theory]
    [InlineData("other-id")]
    [InlineData("other-hash")]
    public async Task Another_event_under_a_stored_seq_is_409_fork_and_nothing_is_stored(string variant)
    {
        (await _host.PushAsync("k1", Events.Sale(1), Events.Sale(2))).Dispose();
        var impostor = variant == "other-id" ? Events.Sale(2, idNumber: 999) : Events.Sale(2, hash: "deadbeef");

        using var response = await _host.PushAsync("k1", Events.Sale(1), impostor, Events.Sale(3));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("fork", body.Str("error"));
        Assert.Equal(2, body.GetProperty("seq").GetInt64());
        Assert.Equal((2L, Events.Hash(2)), await _host.CursorAsync("k1"));
    }

    public static TheoryData<string, string> MalformedEvents => new()
    {
        { """{"total": 42.9}""", "payload.total" },
        { """{"total": "42.9"}""", "payload.total" },
        { """{"lines": [{"gtin": "07038010001658", "name": "x", "qty": "1", "unitPrice": "1.00", "vatRate": "15", "lineTotal": "1.00"}]}""", "payload.lines[0].gtin" },
        { """{"lines": [{"gtin": "07038010001659", "name": "x", "qty": 1, "unitPrice": "1.00", "vatRate": "15", "lineTotal": "1.00"}]}""", "payload.lines[0].qty" },
        { """{"currency": null}""", "payload.currency" },
        { """{"payments": [{"method": "bitcoin", "amount": "1.00"}]}""", "payload.payments[0].method" },
        { """{"receiptNo": 0}""", "payload.receiptNo" },
        { """{"receiptNo": 1.5}""", "payload.receiptNo" },
        { """{"receiptNo": ""}""", "payload.receiptNo" },
    };

    [Fact]
    public async Task A_receipt_number_may_be_an_integer_or_a_string()
    {
        var numeric = Events.Sale(1);
        numeric["payload"]!["receiptNo"] = 17;
        using var response = await _host.PushAsync("k1", numeric, Events.Sale(2));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["accepted", "accepted"], (await response.JsonAsync()).GetProperty("results").EnumerateArray().Select(r => r.Str("status")));
    }

    [Theory]
    [MemberData(nameof(MalformedEvents))]
    public async Task Malformed_sale_payload_is_400_naming_the_field(string patch, string field)
    {
        var sale = Events.Sale(1);
        foreach (var (key, value) in JsonNode.Parse(patch)!.AsObject())
        {
            sale["payload"]![key] = value?.DeepClone();
        }

        using var response = await _host.PushAsync("k1", sale);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(1, body.GetProperty("seq").GetInt64());
        Assert.StartsWith(field + ":", body.Str("reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Card_data_in_a_payment_is_400_and_never_stored()
    {
        const string pan = "4111111111111111";
        var sale = Events.Sale(1);
        sale["payload"]!["payments"]![0]!["maskedPan"] = pan;

        using var response = await _host.PushAsync("k1", sale);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("payload.payments[0].maskedPan", body, StringComparison.Ordinal);
        Assert.DoesNotContain(pan, body, StringComparison.Ordinal);
        using var stored = await _host.Client.GetAsync("/v1/kiosks/k1/events");
        var storedText = await stored.Content.ReadAsStringAsync();
        Assert.Contains("redacted", storedText, StringComparison.Ordinal);
        Assert.DoesNotContain(pan, storedText, StringComparison.Ordinal);

        await _host.StopAsync();
        var needle = System.Text.Encoding.ASCII.GetBytes(pan);
        foreach (var file in System.IO.Directory.GetFiles(Path.GetDirectoryName(_host.DataPath)!))
        {
            Assert.True(File.ReadAllBytes(file).AsSpan().IndexOf(needle) < 0, $"{file} holds the card number");
        }
    }

    [Theory]
    [InlineData("occurredAt", "2026-11-27T09:15:02", "occurredAt")]
    [InlineData("id", "not-a-uuid", "id")]
    [InlineData("hash", "xyz", "hash")]
    [InlineData("payload", "a string", "payload")]
    public async Task Malformed_envelope_is_400_naming_the_field(string field, string value, string expected)
    {
        var sale = Events.Sale(1);
        sale[field] = value;

        using var response = await _host.PushAsync("k1", sale);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(expected + ":", (await response.JsonAsync()).Str("reason"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"events": []}""", "1 to 500")]
    [InlineData("""{"events": [{"seq": 1}, {"seq": 3}]}""", "events[1].seq")]
    [InlineData("""{"events": [{"seq": "1"}]}""", "events[0].seq")]
    [InlineData("""[1, 2]""", "body must be an object")]
    [InlineData("""{"events": [""", "not valid JSON at line 1")]
    public async Task Malformed_batch_is_400_without_a_seq(string body, string expected)
    {
        using var response = await _host.PushRawAsync("k1", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.JsonAsync();
        Assert.Equal("invalid", error.Str("error"));
        Assert.False(error.TryGetProperty("seq", out _));
        Assert.Contains(expected, error.Str("reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_than_500_events_is_400()
    {
        var events = Enumerable.Range(1, 501).Select(i => Events.Sale(i)).ToArray();

        using var response = await _host.PushAsync("k1", events);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("got 501", (await response.JsonAsync()).Str("reason"), StringComparison.Ordinal);
        Assert.Equal(0, (await _host.CursorAsync("k1")).LastSeq);
    }

    [Theory]
    [InlineData("K1")]
    [InlineData("-k1")]
    [InlineData("k_1")]
    public async Task Kiosk_id_outside_the_contract_pattern_is_400(string kiosk)
    {
        using var response = await _host.PushAsync(kiosk, Events.Sale(1));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("kioskId", (await response.JsonAsync()).Str("reason"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/kiosks/K1/cursor")]
    [InlineData("/v1/kiosks/K1/catalog")]
    [InlineData("/v1/kiosks/K1/events")]
    [InlineData("/v1/kiosks/K1/stock?gtin=07038010001659")]
    [InlineData("/v1/kiosks/k1/events?fromSeq=0")]
    [InlineData("/v1/kiosks/k1/events?limit=1001")]
    public async Task Bad_kiosk_id_or_paging_on_reads_is_400(string path)
    {
        using var response = await _host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid", (await response.JsonAsync()).Str("error"));
    }

    [Fact]
    public async Task Unknown_event_type_is_stored_accepted_and_ignored()
    {
        var before = (await _host.GetJsonAsync("/v1/kiosks/k1/catalog")).Str("version");
        var reversal = Events.Envelope(1, "payment-reversal", new JsonObject { ["anything"] = 1 });

        using var response = await _host.PushAsync("k1", reversal);

        Assert.Equal("accepted", (await response.JsonAsync()).GetProperty("results")[0].Str("status"));
        Assert.Equal(before, (await _host.GetJsonAsync("/v1/kiosks/k1/catalog")).Str("version"));
        var stored = await _host.GetJsonAsync("/v1/kiosks/k1/events");
        Assert.Equal("payment-reversal", stored.GetProperty("events")[0].GetProperty("event").Str("type"));
    }

    [Fact]
    public async Task Event_id_already_used_by_another_kiosk_is_rejected()
    {
        (await _host.PushAsync("k1", Events.Sale(1, idNumber: 77))).Dispose();

        using var response = await _host.PushAsync("k2", Events.Sale(1, idNumber: 77));

        var result = (await response.JsonAsync()).GetProperty("results")[0];
        Assert.Equal("rejected", result.Str("status"));
        Assert.Contains("kiosk k1", result.Str("reason"), StringComparison.Ordinal);
        Assert.Equal(1, (await _host.CursorAsync("k2")).LastSeq);
    }

    [Fact]
    public async Task Stored_events_read_view_pages_by_seq()
    {
        (await _host.PushAsync("k1", Events.Sale(1), Events.Sale(2), Events.Sale(3))).Dispose();

        var page = await _host.GetJsonAsync("/v1/kiosks/k1/events?fromSeq=2&limit=1");

        Assert.Equal(2, page.GetProperty("events")[0].GetProperty("seq").GetInt64());
        Assert.Equal("accepted", page.GetProperty("events")[0].Str("status"));
        Assert.Equal(3, page.GetProperty("nextFromSeq").GetInt64());
        Assert.Equal(JsonValueKind.Object, page.GetProperty("events")[0].GetProperty("event").GetProperty("payload").ValueKind);
    }
}
