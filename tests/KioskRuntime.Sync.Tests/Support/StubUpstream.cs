using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KioskRuntime.Sync.Tests.Support;

/// <summary>A fault the stub applies to the next request that matches.</summary>
internal abstract record StubFault(string PathContains)
{
    public sealed record Status(string Path, int Code, TimeSpan? RetryAfter = null, string? Body = null) : StubFault(Path);

    /// <summary>The connection breaks before the back office sees the request.</summary>
    public sealed record Reset(string Path) : StubFault(Path);

    /// <summary>The back office stores the batch, then the connection breaks before the answer.</summary>
    public sealed record CommitThenDrop(string Path) : StubFault(Path);

    /// <summary>No answer until the client gives up.</summary>
    public sealed record Hang(string Path) : StubFault(Path);
}

/// <summary>One event as the stub stored it.</summary>
internal sealed record StoredEvent(long Seq, string Id, string Type, string Hash, string Status, string? Reason, string RawPayload, string OccurredAt);

/// <summary>
/// An in-process back office speaking the upstream contract (push with duplicates, forks, seq gaps, rejections, invalid events and
/// prefix results; cursor; catalog with ETag; stock), with scripted faults. Thread-safe.
/// </summary>
internal sealed class StubUpstream : HttpMessageHandler
{
    private readonly Lock _lock = new();
    private readonly List<StoredEvent> _events = [];
    private readonly Queue<StubFault> _faults = new();
    private readonly Dictionary<string, JsonObject> _products = new(StringComparer.Ordinal);
    private int _catalogVersion = 1;

    public string Token { get; set; } = "secret";

    /// <summary>Return a reason to reject the event (by its JSON), else null.</summary>
    public Func<JsonElement, string?> RejectWhen { get; set; } = _ => null;

    /// <summary>Return a reason to call the event malformed (400 invalid), else null.</summary>
    public Func<JsonElement, string?> InvalidWhen { get; set; } = _ => null;

    /// <summary>Process at most this many events per push (results cover a prefix).</summary>
    public int PrefixLimit { get; set; } = int.MaxValue;

    /// <summary>Every event seq pushed, in the order received (resends included).</summary>
    public List<long> Received { get; } = [];

    public int Requests { get; private set; }

    public List<string> Paths { get; } = [];

    public IReadOnlyList<StoredEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return _events.ToList();
            }
        }
    }

    public long LastSeq
    {
        get
        {
            lock (_lock)
            {
                return _events.Count;
            }
        }
    }

    public void Fault(StubFault fault)
    {
        lock (_lock)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <summary>Loses every event after <paramref name="keep"/> (a back office restored from a backup).</summary>
    public void TruncateTo(int keep)
    {
        lock (_lock)
        {
            _events.RemoveRange(keep, _events.Count - keep);
        }
    }

    /// <summary>Stores an event directly (another history, or one stored without the kiosk seeing the answer).</summary>
    public void Seed(StoredEvent e)
    {
        lock (_lock)
        {
            _events.Add(e);
        }
    }

    /// <summary>Replaces a stored event (a back-office operator's correction).</summary>
    public void Replace(StoredEvent e)
    {
        lock (_lock)
        {
            _events[(int)e.Seq - 1] = e;
        }
    }

    public void SetProduct(string gtin, string name, string price, decimal stock, string unit = "pcs")
    {
        lock (_lock)
        {
            _products[gtin] = new JsonObject
            {
                ["gtin"] = gtin, ["sku"] = "sku-" + gtin[^4..], ["name"] = name, ["price"] = price, ["currency"] = "NOK",
                ["vatRate"] = "15", ["unit"] = unit, ["stock"] = stock.ToString(CultureInfo.InvariantCulture), ["ageLimit"] = null,
            };
            _catalogVersion++;
        }
    }

    public void RemoveProduct(string gtin)
    {
        lock (_lock)
        {
            _products.Remove(gtin);
            _catalogVersion++;
        }
    }

    public void AddRawProduct(JsonObject product)
    {
        lock (_lock)
        {
            _products[product["gtin"]!.GetValue<string>() + "#" + _products.Count] = product;
            _catalogVersion++;
        }
    }

    public decimal StockOf(string gtin)
    {
        lock (_lock)
        {
            return decimal.Parse(_products[gtin]["stock"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        StubFault? fault;
        lock (_lock)
        {
            Requests++;
            Paths.Add(request.Method + " " + path);
            fault = _faults.Count > 0 && path.Contains(_faults.Peek().PathContains, StringComparison.Ordinal) ? _faults.Dequeue() : null;
        }

        if (request.Headers.Authorization?.Parameter != Token)
        {
            return Json(HttpStatusCode.Unauthorized, """{"error":"unauthorized"}""");
        }

        switch (fault)
        {
            case StubFault.Status s:
                var r = Json((HttpStatusCode)s.Code, s.Body ?? """{"error":"injected"}""");
                if (s.RetryAfter is { } after)
                {
                    r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(after);
                }

                return r;
            case StubFault.Reset:
                throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection reset by peer (injected)");
            case StubFault.Hang:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
        }

        var response = Route(request, path, body);
        if (fault is StubFault.CommitThenDrop)
        {
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely (injected commit-then-drop)");
        }

        return response;
    }

    private HttpResponseMessage Route(HttpRequestMessage request, string path, byte[]? body)
    {
        if (request.Method == HttpMethod.Post && path.EndsWith("/events", StringComparison.Ordinal))
        {
            return Push(body!);
        }

        if (path.EndsWith("/cursor", StringComparison.Ordinal))
        {
            lock (_lock)
            {
                var last = _events.Count == 0 ? null : _events[^1];
                return Json(HttpStatusCode.OK, new JsonObject { ["lastSeq"] = _events.Count, ["lastHash"] = last?.Hash ?? "" }.ToJsonString());
            }
        }

        if (path.EndsWith("/catalog", StringComparison.Ordinal))
        {
            return Catalog(request);
        }

        if (path.EndsWith("/stock", StringComparison.Ordinal))
        {
            var gtin = request.RequestUri!.Query.Split("gtin=").Last();
            lock (_lock)
            {
                return _products.TryGetValue(gtin, out var p)
                    ? Json(HttpStatusCode.OK, new JsonObject { ["gtin"] = gtin, ["stock"] = p["stock"]!.GetValue<string>(), ["asOf"] = "2026-11-27T09:15:02.123+01:00" }.ToJsonString())
                    : Json(HttpStatusCode.NotFound, """{"error":"unknown-product"}""");
            }
        }

        return Json(HttpStatusCode.NotFound, """{"error":"no-route"}""");
    }

    private HttpResponseMessage Catalog(HttpRequestMessage request)
    {
        lock (_lock)
        {
            var etag = $"\"{_catalogVersion}\"";
            if (request.Headers.IfNoneMatch.Any(t => t.Tag == etag))
            {
                var notModified = new HttpResponseMessage(HttpStatusCode.NotModified) { Content = new ByteArrayContent([]) };
                notModified.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue(etag);
                return notModified;
            }

            var products = new JsonArray(_products.Values.Select(p => (JsonNode)p.DeepClone()).ToArray());
            var response = Json(HttpStatusCode.OK, new JsonObject { ["version"] = _catalogVersion.ToString(CultureInfo.InvariantCulture), ["products"] = products }.ToJsonString());
            response.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue(etag);
            return response;
        }
    }

    private HttpResponseMessage Push(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        var events = doc.RootElement.GetProperty("events").EnumerateArray().ToList();
        lock (_lock)
        {
            Received.AddRange(events.Select(e => e.GetProperty("seq").GetInt64()));
            var first = events[0].GetProperty("seq").GetInt64();
            if (first > _events.Count + 1)
            {
                return Json(HttpStatusCode.Conflict, new JsonObject { ["error"] = "seq-gap", ["expectedSeq"] = _events.Count + 1 }.ToJsonString());
            }

            var results = new JsonArray();
            for (var i = 0; i < events.Count && results.Count < PrefixLimit; i++)
            {
                var e = events[i];
                var seq = e.GetProperty("seq").GetInt64();
                var id = e.GetProperty("id").GetString()!;
                var hash = e.GetProperty("hash").GetString()!;
                if (seq <= _events.Count)
                {
                    var stored = _events[(int)seq - 1];
                    if (stored.Id != id || stored.Hash != hash)
                    {
                        return Json(HttpStatusCode.Conflict, new JsonObject { ["error"] = "fork", ["seq"] = seq }.ToJsonString());
                    }

                    if (stored.Status == "invalid")
                    {
                        if (i == 0)
                        {
                            return Json(HttpStatusCode.BadRequest, new JsonObject { ["error"] = "invalid", ["seq"] = seq, ["reason"] = stored.Reason }.ToJsonString());
                        }

                        break;
                    }

                    results.Add(new JsonObject { ["seq"] = seq, ["status"] = "duplicate", ["reason"] = stored.Reason });
                    continue;
                }

                var type = e.GetProperty("type").GetString()!;
                var raw = e.GetProperty("payload").GetRawText();
                var occurredAt = e.GetProperty("occurredAt").GetString()!;
                if (InvalidWhen(e) is { } invalid)
                {
                    if (i > 0)
                    {
                        break;
                    }

                    _events.Add(new StoredEvent(seq, id, type, hash, "invalid", invalid, raw, occurredAt));
                    return Json(HttpStatusCode.BadRequest, new JsonObject { ["error"] = "invalid", ["seq"] = seq, ["reason"] = invalid }.ToJsonString());
                }

                var reject = RejectWhen(e);
                _events.Add(new StoredEvent(seq, id, type, hash, reject is null ? "accepted" : "rejected", reject, raw, occurredAt));
                if (reject is null)
                {
                    ApplyStock(type, e.GetProperty("payload"));
                }

                results.Add(new JsonObject { ["seq"] = seq, ["status"] = reject is null ? "accepted" : "rejected", ["reason"] = reject });
            }

            return Json(HttpStatusCode.OK, new JsonObject { ["lastSeq"] = _events.Count, ["results"] = results }.ToJsonString());
        }
    }

    private void ApplyStock(string type, JsonElement payload)
    {
        void Add(string gtin, decimal delta)
        {
            if (_products.TryGetValue(gtin, out var p))
            {
                var now = decimal.Parse(p["stock"]!.GetValue<string>(), CultureInfo.InvariantCulture) + delta;
                p["stock"] = now.ToString(CultureInfo.InvariantCulture);
                _catalogVersion++;
            }
        }

        switch (type)
        {
            case "sale" or "return":
                foreach (var line in payload.GetProperty("lines").EnumerateArray())
                {
                    var qty = decimal.Parse(line.GetProperty("qty").GetString()!, CultureInfo.InvariantCulture);
                    Add(line.GetProperty("gtin").GetString()!, type == "sale" ? -qty : qty);
                }

                break;
            case "stock-adjustment":
                Add(payload.GetProperty("gtin").GetString()!, decimal.Parse(payload.GetProperty("delta").GetString()!, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}
