using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KioskRuntime.Sync.Http;

namespace KioskRuntime.Sync.Rackbeat;

/// <summary>
/// Rackbeat's REST API as the adapter uses it: bearer token, JSON, the request budget (sliding window), a per-request timeout on
/// the injected clock. Never throws for the network: failures come back as <see cref="UpstreamReply.Unreachable"/>. Thread-safe.
/// </summary>
internal sealed class RackbeatClient
{
    private readonly HttpClient _http;
    private readonly RackbeatOptions _options;
    private readonly TimeProvider _time;
    private readonly RequestThrottle _throttle;

    public RackbeatClient(HttpClient http, RackbeatOptions options, TimeProvider time)
    {
        _http = http;
        _options = options;
        _time = time;
        _throttle = new RequestThrottle(options.RequestsPerMinute, TimeSpan.FromMinutes(1));
    }

    public int Requests => Volatile.Read(ref _requests);

    private int _requests;

    public Task<UpstreamReply> GetAsync(string relative, CancellationToken ct) => SendAsync(HttpMethod.Get, relative, null, ct);

    public Task<UpstreamReply> PostAsync(string relative, JsonObject? body, CancellationToken ct) => SendAsync(HttpMethod.Post, relative, body, ct);

    public Task<UpstreamReply> PutAsync(string relative, JsonObject body, CancellationToken ct) => SendAsync(HttpMethod.Put, relative, body, ct);

    public Task<UpstreamReply> DeleteAsync(string relative, CancellationToken ct) => SendAsync(HttpMethod.Delete, relative, null, ct);

    /// <summary>
    /// A human-readable reason from a Rackbeat error body: <c>Rackbeat 422 — field: message | field: message</c>, every message of every
    /// field (Rackbeat's 422 carries <c>{"errors":{field:[msg]}}</c> and no <c>message</c>), so a dead letter names each field.
    /// </summary>
    public static string Reason(UpstreamReply.Answered answer)
    {
        try
        {
            using var doc = JsonDocument.Parse(answer.Body);
            var root = doc.RootElement;
            var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Rackbeat {answer.Code}"));
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
            {
                text.Append(": ").Append(m.GetString());
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                var separator = " — ";
                foreach (var field in errors.EnumerateObject())
                {
                    var messages = field.Value.ValueKind == JsonValueKind.Array ? string.Join(" / ", field.Value.EnumerateArray().Select(m => m.ToString())) : field.Value.ToString();
                    text.Append(separator).Append(field.Name).Append(": ").Append(messages);
                    separator = " | ";
                }
            }

            return text.ToString();
        }
        catch (JsonException)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Rackbeat {answer.Code}: {Contract.ContractAnswers.Snippet(answer.Body)}");
        }
    }

    private async Task<UpstreamReply> SendAsync(HttpMethod method, string relative, JsonObject? body, CancellationToken ct)
    {
        var wait = _throttle.Reserve(_time.GetUtcNow());
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, ct).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _requests);
        var uri = _options.Resolve(relative);
        using var timeoutCts = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeoutCts.Token);
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        request.Headers.TryAddWithoutValidation("Consumer-Name", _options.ConsumerName);
        request.Headers.TryAddWithoutValidation("Consumer-Contact", _options.ConsumerContact);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = await _http.SendAsync(request, linked.Token).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            var retryAfter = response.Headers.RetryAfter is { } r ? r.Delta ?? (r.Date is { } d ? d - _time.GetUtcNow() : null) : null;
            return new UpstreamReply.Answered(response.StatusCode, bytes, retryAfter, null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new UpstreamReply.Unreachable($"{method} {uri.AbsolutePath}: Rackbeat did not answer within {_options.RequestTimeout.TotalSeconds:0.#} s", TimedOut: true);
        }
        catch (HttpRequestException ex)
        {
            return new UpstreamReply.Unreachable($"{method} {uri.AbsolutePath}: {ex.Message}", TimedOut: false);
        }
        catch (IOException ex)
        {
            return new UpstreamReply.Unreachable($"{method} {uri.AbsolutePath}: {ex.Message}", TimedOut: false);
        }
    }
}
