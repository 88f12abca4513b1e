using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace KioskRuntime.BackOffice.Tests;

/// <summary>How the push body reaches the reader: with or without Content-Length, larger than the first buffer, a BOM, bad UTF-8.</summary>
public sealed class PushBodyTests : IAsyncLifetime
{
    private BackOfficeHost _host = null!;

    public async Task InitializeAsync() => _host = await BackOfficeHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_chunked_body_of_500_events_is_read_whole()
    {
        var body = Body(Enumerable.Range(1, 500).Select(i => Events.Sale(i, qty: "0.001")));
        // A stream of unknown length: sent chunked, without Content-Length, so the buffer grows as it arrives.
        using var content = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = new("application/json");

        using var response = await _host.Client.PostAsync("/v1/kiosks/k1/events", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.JsonAsync()).GetProperty("results");
        Assert.Equal(500, results.GetArrayLength());
        Assert.All(results.EnumerateArray(), r => Assert.Equal("accepted", r.Str("status")));
        Assert.Equal(500, (await _host.CursorAsync("k1")).LastSeq);
    }

    [Theory]
    [InlineData("\\ud800", true)] // a high surrogate alone (found by PushParserFuzzTests: it was a 500)
    [InlineData("\\udc00x", true)] // a low one alone
    [InlineData("\\ud83d\\ude00", false)] // a pair: an emoji
    [InlineData("\\\\ud800", false)] // an escaped backslash, then the letters ud800
    public async Task An_unpaired_surrogate_escape_is_400_naming_it_and_stores_nothing(string escape, bool refused)
    {
        var body = Body([Events.Sale(1)]).Replace("\"receiptNo\"", $"\"receiptNo{escape}\":1,\"receiptNo\"", StringComparison.Ordinal);

        using var response = await _host.PushRawAsync("k1", body);

        if (refused)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("unpaired UTF-16 surrogate", (await response.JsonAsync()).Str("reason"), StringComparison.Ordinal);
            Assert.Equal(0, (await _host.CursorAsync("k1")).LastSeq);
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_body_with_a_byte_order_mark_is_read()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Body([Events.Sale(1)]))).ToArray();
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");

        using var response = await _host.Client.PostAsync("/v1/kiosks/k1/events", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_body_that_is_not_utf8_is_400_without_a_seq_and_stores_nothing()
    {
        var bytes = Encoding.UTF8.GetBytes(Body([Events.Sale(1)]).Replace("Vare", "Var\u00e9", StringComparison.Ordinal));
        var at = Array.IndexOf(bytes, (byte)0xC3);
        bytes[at] = 0xFF; // the lead byte of "é" made invalid
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");

        using var response = await _host.Client.PostAsync("/v1/kiosks/k1/events", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.JsonAsync();
        Assert.False(error.TryGetProperty("seq", out _));
        Assert.Contains("UTF-8", error.Str("reason"), StringComparison.Ordinal);
        Assert.Equal(0, (await _host.CursorAsync("k1")).LastSeq);
    }

    [Fact]
    public async Task Stored_events_are_the_bytes_received_after_the_request_buffer_is_reused()
    {
        var first = Events.Sale(1);
        first["payload"]!["note"] = "første";
        (await _host.PushAsync("k1", first)).Dispose();
        for (var seq = 2; seq <= 4; seq++)
        {
            (await _host.PushAsync("k1", Events.Sale(seq))).Dispose(); // later bodies reuse the pooled buffers
        }

        var stored = await _host.GetJsonAsync("/v1/kiosks/k1/events?fromSeq=1&limit=1");

        Assert.Equal("første", stored.GetProperty("events")[0].GetProperty("event").GetProperty("payload").Str("note"));
        Assert.Equal(1, stored.GetProperty("events")[0].GetProperty("event").GetProperty("seq").GetInt64());
    }

    private static string Body(IEnumerable<JsonObject> events) =>
        new JsonObject { ["events"] = new JsonArray(events.Select(e => (JsonNode)e).ToArray()) }.ToJsonString();

    private sealed class UnseekableStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 1000), data.Length - _position); // small pieces
            Array.Copy(data, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
