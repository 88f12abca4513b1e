using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace KioskRuntime.Sync.Http;

/// <summary>
/// Sends one contract request with the bearer token and a per-request timeout measured on the injected clock, and turns every
/// transport failure into <see cref="UpstreamReply.Unreachable"/> (never throws for the network). Thread-safe.
/// </summary>
internal sealed class UpstreamHttp
{
    /// <summary>Answers larger than this are not contract answers; they are cut and reported.</summary>
    private const int MaxBody = 4 * 1024 * 1024;

    /// <summary>A Retry-After beyond this is treated as this (a misconfigured proxy must not park the kiosk for days).</summary>
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromHours(1);

    private readonly HttpClient _http;
    private readonly UpstreamOptions _options;
    private readonly TimeProvider _time;

    public UpstreamHttp(HttpClient http, UpstreamOptions options, TimeProvider time)
    {
        _http = http;
        _options = options;
        _time = time;
    }

    public Task<UpstreamReply> GetAsync(Uri uri, string? ifNoneMatch, TimeSpan timeout, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, uri, null, ifNoneMatch, timeout, ct);

    public Task<UpstreamReply> PostJsonAsync(Uri uri, ReadOnlyMemory<byte> json, TimeSpan timeout, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, uri, json, null, timeout, ct);

    private async Task<UpstreamReply> SendAsync(HttpMethod method, Uri uri, ReadOnlyMemory<byte>? json, string? ifNoneMatch, TimeSpan timeout, CancellationToken ct)
    {
        using var timeoutCts = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeoutCts.Token);
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.Token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        if (json is { } body)
        {
            request.Content = new ReadOnlyMemoryContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var bytes = await ReadBodyAsync(response.Content, linked.Token).ConfigureAwait(false);
            return new UpstreamReply.Answered(response.StatusCode, bytes, RetryAfter(response), response.Headers.ETag?.ToString());
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new UpstreamReply.Unreachable(
                string.Create(CultureInfo.InvariantCulture, $"{method} {uri.AbsolutePath}: no answer within {timeout.TotalSeconds:0.###} s"), TimedOut: true);
        }
        catch (HttpRequestException ex)
        {
            return new UpstreamReply.Unreachable($"{method} {uri.AbsolutePath}: {Describe(ex)}", TimedOut: false);
        }
        catch (IOException ex)
        {
            return new UpstreamReply.Unreachable($"{method} {uri.AbsolutePath}: connection broke while reading the answer: {ex.Message}", TimedOut: false);
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContent content, CancellationToken ct)
    {
        var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBody)
                {
                    throw new IOException($"answer is larger than {MaxBody} bytes; not a contract answer");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header is null)
        {
            return null;
        }

        TimeSpan? wait = header.Delta ?? (header.Date is { } date ? date - _time.GetUtcNow() : null);
        if (wait is null)
        {
            return null;
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxRetryAfter ? MaxRetryAfter : wait;
    }

    private static string Describe(HttpRequestException ex)
    {
        var inner = ex.InnerException is { } i ? $" ({i.Message})" : "";
        return ex.HttpRequestError switch
        {
            HttpRequestError.ConnectionError => $"cannot connect{inner}",
            HttpRequestError.NameResolutionError => $"name does not resolve{inner}",
            HttpRequestError.SecureConnectionError => $"TLS failed{inner}",
            HttpRequestError.ResponseEnded => "the connection closed before an answer",
            _ => ex.Message + inner,
        };
    }
}
