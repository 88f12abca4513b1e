using System.Text.Json;

namespace KioskRuntime.EndToEnd.Tests.Harness;

/// <summary>A server-sent event stream read as a browser reads it: event name, data, blank line. For the screen API's /api/v1/events.</summary>
internal sealed class SseStream : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    public static async Task<SseStream> ConnectAsync(HttpClient http)
    {
        var response = await http.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/event-stream", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        return new SseStream(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>Connects once a second until it works, as the screen does after losing kioskd.</summary>
    public static async Task<SseStream> ConnectRetryingAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return await ConnectAsync(http);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(1000);
            }
        }
    }

    /// <summary>The next event named <paramref name="kind"/> (matching <paramref name="match"/>), within 15 s; others are skipped.</summary>
    public async Task<JsonElement> NextAsync(string kind, Func<JsonElement, bool>? match = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (true)
        {
            var (name, data) = await ReadEventAsync(timeout.Token) ?? throw new InvalidOperationException($"the stream ended before a '{kind}' event");
            if (name == kind)
            {
                using var doc = JsonDocument.Parse(data);
                if (match is null || match(doc.RootElement))
                {
                    return doc.RootElement.Clone();
                }
            }
        }
    }

    /// <summary>True once the stream ends (the server went away), reading and dropping events until then.</summary>
    public async Task<bool> EndedAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (await ReadEventAsync(cts.Token) is not null)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true; // the connection was reset: ended as well
        }
        catch (HttpRequestException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }

    private async Task<(string Name, string Data)?> ReadEventAsync(CancellationToken ct)
    {
        string name = "message", data = "";
        while (await _reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    return (name, data);
                }

                name = "message";
                continue;
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data += line[6..];
            }
        }

        return null;
    }
}
