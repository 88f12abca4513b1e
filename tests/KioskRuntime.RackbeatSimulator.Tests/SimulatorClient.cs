using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace KioskRuntime.RackbeatSimulator.Tests;

/// <summary>Plain HTTP to the simulator with the token and consumer headers a well-behaved integration sends.</summary>
internal sealed class SimulatorClient(SimulatorHost host, bool consumerHeaders = true) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };

    public async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, JsonNode? body = null, string token = "sim-token")
    {
        using var request = new HttpRequestMessage(method, new Uri(host.ApiBase, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (consumerHeaders)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", "KioskRuntime tests (ops@example.org)");
            request.Headers.Add("Consumer-Name", "KioskRuntime tests");
            request.Headers.Add("Consumer-Contact", "ops@example.org");
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, response);
    }

    public Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> PostAsync(string path, JsonNode? body = null) => SendAsync(HttpMethod.Post, path, body ?? new JsonObject());

    public Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    /// <summary>A booked draft order for <paramref name="lines"/> (item, quantity) to walk-in customer 900.</summary>
    public async Task<long> BookedOrderAsync(params (string Item, decimal Quantity)[] lines)
    {
        var draft = await PostAsync("orders/drafts", new JsonObject
        {
            ["customer_id"] = 900,
            ["currency"] = "NOK",
            ["heading"] = "Kiosk k1 kvittering 1",
            ["note"] = "KRT-test",
            ["lines"] = new JsonArray([.. lines.Select(l => (JsonNode)new JsonObject { ["item_id"] = l.Item, ["quantity"] = l.Quantity, ["line_price"] = 10m })]),
        });
        Assert.Equal(HttpStatusCode.Created, draft.Status);
        var number = draft.Body!["order"]!["number"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"orders/{number}/book", new JsonObject { ["mail"] = new JsonObject { ["send"] = false } })).Status);
        return number;
    }

    public async Task<(decimal Stock, decimal InOrder, decimal Available)> StockAsync(string item)
    {
        var (status, body, _) = await GetAsync("products/" + Uri.EscapeDataString(item));
        Assert.Equal(HttpStatusCode.OK, status);
        var p = body!["product"]!;
        return (p["stock_quantity"]!.GetValue<decimal>(), p["in_order_quantity"]!.GetValue<decimal>(), p["available_quantity"]!.GetValue<decimal>());
    }

    public void Dispose() => _http.Dispose();
}
