using System.Globalization;

namespace KioskRuntime.Sync.Rackbeat;

/// <summary>How the Rackbeat adapter reaches a Rackbeat account. Immutable; <see cref="Validate"/> names every problem.</summary>
internal sealed record RackbeatOptions
{
    /// <summary>Rackbeat's documented request budget per token (its official client throttles to this).</summary>
    public const int DocumentedRequestsPerMinute = 480;

    /// <summary>The API root, <c>https://app.rackbeat.com/api/</c> in production.</summary>
    public Uri BaseUrl { get; init; } = new("https://app.rackbeat.com/api/");

    /// <summary>Bearer token of the Rackbeat account.</summary>
    public required string Token { get; init; }

    /// <summary>The kiosk id; part of every reference written to Rackbeat.</summary>
    public required string KioskId { get; init; }

    /// <summary>The customer (Rackbeat customer number) that walk-in kiosk sales are booked to.</summary>
    public required int CustomerNumber { get; init; }

    /// <summary>The stock location (Rackbeat location number) the kiosk sells from; null for the account's default.</summary>
    public string? LocationNumber { get; init; }

    /// <summary>GTIN-14 → Rackbeat product number. A GTIN without an entry uses the local catalog's SKU, else the GTIN itself.</summary>
    public IReadOnlyDictionary<string, string> ProductNumbers { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Request budget; never above the documented 480.</summary>
    public int RequestsPerMinute { get; init; } = DocumentedRequestsPerMinute;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (BaseUrl is null || !BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttps && !(BaseUrl.Scheme == Uri.UriSchemeHttp && BaseUrl.IsLoopback)))
        {
            problems.Add($"BaseUrl: must be an absolute https address (http on loopback only), got \"{BaseUrl}\"");
        }

        if (string.IsNullOrWhiteSpace(Token) || Token.Any(char.IsWhiteSpace))
        {
            problems.Add("Token: missing or contains whitespace");
        }

        if (string.IsNullOrWhiteSpace(KioskId))
        {
            problems.Add("KioskId: missing");
        }

        if (CustomerNumber <= 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"CustomerNumber: must be a Rackbeat customer number above 0, got {CustomerNumber}"));
        }

        if (RequestsPerMinute is < 1 or > DocumentedRequestsPerMinute)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"RequestsPerMinute: must be 1 to {DocumentedRequestsPerMinute}, got {RequestsPerMinute}"));
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            problems.Add("RequestTimeout: must be above 0");
        }

        return problems;
    }

    internal Uri Resolve(string relative)
    {
        var root = BaseUrl.AbsoluteUri.EndsWith('/') ? BaseUrl : new Uri(BaseUrl.AbsoluteUri + "/");
        return new Uri(root, relative);
    }
}
