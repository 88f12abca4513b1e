using System.Net.Http.Headers;
using System.Text.Json;

namespace KioskRuntime.EndToEnd.Tests.Harness;

/// <summary>The screen API of a running kioskd, as a screen would reach it: the URL and token kioskd wrote, real HTTP on loopback.</summary>
internal sealed class ScreenApi : IDisposable
{
    private ScreenApi(Uri origin, string token)
    {
        Origin = origin;
        Token = token;
        Http = new HttpClient { BaseAddress = origin, Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Uri Origin { get; }

    public string Token { get; }

    /// <summary>Carries the token on every request.</summary>
    public HttpClient Http { get; }

    /// <summary>Waits for kioskd to write screen-url (after <paramref name="notBefore"/>) and reads it with the token.</summary>
    public static async Task<ScreenApi> OpenAsync(string dataDir, DateTime? notBefore = null)
    {
        var urlFile = Path.Combine(dataDir, "screen-url");
        await KioskEnvironment.EventuallyAsync(
            () => Task.FromResult(File.Exists(urlFile) && File.GetLastWriteTimeUtc(urlFile) >= (notBefore ?? DateTime.MinValue) && File.ReadAllText(urlFile).Trim().Length > 0),
            TimeSpan.FromSeconds(30),
            "kioskd wrote screen-url");
        var url = new Uri((await File.ReadAllTextAsync(urlFile)).Trim());
        var token = (await File.ReadAllTextAsync(Path.Combine(dataDir, "screen-token"))).Trim();
        return new ScreenApi(new Uri(url.GetLeftPart(UriPartial.Authority)), token);
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync(path));
        return doc.RootElement.Clone();
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        Http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public void Dispose() => Http.Dispose();
}
