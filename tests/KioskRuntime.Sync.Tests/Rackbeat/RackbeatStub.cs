using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KioskRuntime.Sync.Tests.Rackbeat;

/// <summary>
/// A Rackbeat-shaped server built from Rackbeat's public API documentation: bearer token, JSON, <c>POST orders/drafts</c>
/// (answers <c>{"order": {...}}</c>), <c>POST orders/{number}/book</c>, <c>GET orders/{number}</c>, <c>GET orders?search=…</c>
/// and <c>inventory-adjustments</c> listed with the documented pagination (206 Partial Content, <c>total/pages/limit/page</c>),
/// 422 with <c>message</c> and field <c>errors</c> for validation, and scripted faults. Thread-safe.
/// </summary>
internal sealed class RackbeatStub : HttpMessageHandler
{
    private readonly Lock _lock = new();
    private readonly List<JsonObject> _orders = [];
    private readonly List<JsonObject> _adjustments = [];
    private readonly Queue<(string Path, string Kind, int Status, TimeSpan? RetryAfter)> _faults = new();
    private long _nextOrder = 10_001;

    public string Token { get; set; } = "rb-token";

    /// <summary>Product numbers that exist in the account.</summary>
    public HashSet<string> Products { get; } = new(StringComparer.Ordinal);

    public List<string> Requests { get; } = [];

    public IReadOnlyList<JsonObject> Orders
    {
        get
        {
            lock (_lock)
            {
                return _orders.Select(o => (JsonObject)o.DeepClone()).ToList();
            }
        }
    }

    public IReadOnlyList<JsonObject> Adjustments
    {
        get
        {
            lock (_lock)
            {
                return _adjustments.Select(o => (JsonObject)o.DeepClone()).ToList();
            }
        }
    }

    /// <summary>Kinds: "drop" (do it, then break the connection), "status" (answer <paramref name="status"/> without doing it), "hang".</summary>
    public void Fault(string pathContains, string kind, int status = 0, TimeSpan? retryAfter = null)
    {
        lock (_lock)
        {
            _faults.Enqueue((pathContains, kind, status, retryAfter));
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var query = request.RequestUri.Query;
        var body = request.Content is null ? null : JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken))?.AsObject();
        (string Path, string Kind, int Status, TimeSpan? RetryAfter)? fault = null;
        lock (_lock)
        {
            Requests.Add($"{request.Method} {path}{query}");
            if (_faults.Count > 0 && $"{request.Method} {path}".Contains(_faults.Peek().Path, StringComparison.Ordinal))
            {
                fault = _faults.Dequeue();
            }
        }

        if (request.Headers.Authorization?.Parameter != Token)
        {
            return Json(HttpStatusCode.Unauthorized, new JsonObject { ["message"] = "Unauthenticated." });
        }

        if (fault is { Kind: "status" } s)
        {
            var r = Json((HttpStatusCode)s.Status, new JsonObject { ["message"] = "injected" });
            if (s.RetryAfter is { } after)
            {
                r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(after);
            }

            return r;
        }

        if (fault is { Kind: "hang" })
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        HttpResponseMessage response;
        lock (_lock)
        {
            response = Route(request.Method, path, query, body);
        }

        if (fault is { Kind: "drop" })
        {
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "connection reset after the request was processed (injected)");
        }

        return response;
    }

    private HttpResponseMessage Route(HttpMethod method, string path, string query, JsonObject? body)
    {
        var parts = path.Trim('/').Split('/'); // api, resource, ...
        if (parts.Length < 2 || parts[0] != "api")
        {
            return Json(HttpStatusCode.NotFound, new JsonObject { ["message"] = "Not found." });
        }

        switch (parts[1])
        {
            case "orders" when method == HttpMethod.Post && parts.Length == 3 && parts[2] == "drafts":
                return CreateDraft(body!);
            case "orders" when method == HttpMethod.Post && parts.Length == 4 && parts[3] == "book":
                return Book(long.Parse(parts[2], CultureInfo.InvariantCulture));
            case "orders" when method == HttpMethod.Get && parts.Length == 3:
                var order = _orders.FirstOrDefault(o => o["number"]!.GetValue<long>() == long.Parse(parts[2], CultureInfo.InvariantCulture));
                return order is null ? Json(HttpStatusCode.NotFound, new JsonObject { ["message"] = "Order not found." })
                    : Json(HttpStatusCode.OK, new JsonObject { ["order"] = order.DeepClone() });
            case "orders" when method == HttpMethod.Get:
                return Page("orders", _orders, query);
            case "inventory-adjustments" when method == HttpMethod.Post:
                return CreateAdjustment(body!);
            case "inventory-adjustments" when method == HttpMethod.Get:
                return Page("inventory_adjustments", _adjustments, query);
            default:
                return Json(HttpStatusCode.NotFound, new JsonObject { ["message"] = "Not found." });
        }
    }

    private HttpResponseMessage CreateDraft(JsonObject body)
    {
        var errors = new JsonObject();
        var lines = body["lines"]?.AsArray() ?? [];
        for (var i = 0; i < lines.Count; i++)
        {
            var item = lines[i]!["item_id"]?.GetValue<string>();
            if (item is null || !Products.Contains(item))
            {
                errors[$"lines.{i}.item_id"] = new JsonArray($"The selected lines.{i}.item_id is invalid.");
            }
        }

        if (errors.Count > 0)
        {
            return Json(HttpStatusCode.UnprocessableEntity, new JsonObject { ["message"] = "The given data was invalid.", ["errors"] = errors });
        }

        var order = (JsonObject)body.DeepClone();
        order["number"] = _nextOrder++;
        order["is_booked"] = false;
        _orders.Add(order);
        return Json(HttpStatusCode.Created, new JsonObject { ["order"] = order.DeepClone() });
    }

    private HttpResponseMessage Book(long number)
    {
        var order = _orders.FirstOrDefault(o => o["number"]!.GetValue<long>() == number);
        if (order is null)
        {
            return Json(HttpStatusCode.NotFound, new JsonObject { ["message"] = "Order not found." });
        }

        if (order["is_booked"]!.GetValue<bool>())
        {
            return Json(HttpStatusCode.UnprocessableEntity, new JsonObject { ["message"] = "The order is already booked." });
        }

        order["is_booked"] = true;
        order["book_count"] = (order["book_count"]?.GetValue<int>() ?? 0) + 1;
        return Json(HttpStatusCode.OK, new JsonObject { ["order"] = order.DeepClone() });
    }

    private HttpResponseMessage CreateAdjustment(JsonObject body)
    {
        var item = body["item_number"]?.GetValue<string>();
        if (item is null || !Products.Contains(item))
        {
            return Json(HttpStatusCode.UnprocessableEntity, new JsonObject
            {
                ["message"] = "The given data was invalid.",
                ["errors"] = new JsonObject { ["item_number"] = new JsonArray("The selected item number is invalid.") },
            });
        }

        var adjustment = (JsonObject)body.DeepClone();
        adjustment["id"] = _adjustments.Count + 1;
        _adjustments.Add(adjustment);
        return Json(HttpStatusCode.Created, new JsonObject { ["inventory_adjustment"] = adjustment.DeepClone() });
    }

    /// <summary>Documented pagination: 206 Partial Content with total/pages/limit/page; <c>search</c> matches any string field.</summary>
    private static HttpResponseMessage Page(string key, List<JsonObject> all, string query)
    {
        var q = System.Web.HttpUtility.ParseQueryString(query);
        var search = q["search"];
        var limit = int.TryParse(q["limit"], out var l) ? l : 20;
        var page = int.TryParse(q["page"], out var p) ? p : 1;
        var hits = all.Where(o => search is null || o.Any(kv => kv.Value is JsonValue v && v.TryGetValue<string>(out var text) && text.Contains(search, StringComparison.Ordinal))).ToList();
        var pages = Math.Max(1, (hits.Count + limit - 1) / limit);
        var slice = hits.Skip((page - 1) * limit).Take(limit).Select(o => (JsonNode)o.DeepClone()).ToArray();
        return Json(HttpStatusCode.PartialContent, new JsonObject { [key] = new JsonArray(slice), ["total"] = hits.Count, ["pages"] = pages, ["limit"] = limit, ["page"] = page });
    }

    private static HttpResponseMessage Json(HttpStatusCode status, JsonObject body) =>
        new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
}
