using System.Net.Http.Headers;

namespace KioskRuntime.Bench.Kiosk;

/// <summary>One customer screen following kioskd's event stream (with the token kioskd wrote), counting the bytes it reads.</summary>
internal static class ScreenFollower
{
    public static async Task<long> RunAsync(string dataDir, CancellationToken ct)
    {
        var url = new Uri((await File.ReadAllTextAsync(Path.Combine(dataDir, "screen-url"), ct)).Trim());
        using var http = new HttpClient { BaseAddress = new Uri(url.GetLeftPart(UriPartial.Authority)), Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(Path.Combine(dataDir, "screen-token"), ct)).Trim());
        long total = 0;
        try
        {
            using var response = await http.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead, ct);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[8192];
            int n;
            while ((n = await body.ReadAsync(buffer, ct)) > 0)
            {
                total += n;
            }
        }
        catch (OperationCanceledException)
        {
        }

        return total;
    }
}
