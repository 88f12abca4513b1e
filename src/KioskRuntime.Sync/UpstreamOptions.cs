using System.Globalization;
using System.Net;
using KioskRuntime.Contract;

namespace KioskRuntime.Sync;

/// <summary>
/// How the kiosk reaches its back office (upstream contract, version 1). Immutable. Check <see cref="Validate"/> at start-up:
/// it lists every problem at once, each naming the setting.
/// </summary>
public sealed partial record UpstreamOptions
{
    /// <summary>The contract allows at most this many events per push.</summary>
    public const int ContractMaxBatch = 500;

    /// <summary>The back office's base address; the contract paths (<c>v1/kiosks/…</c>) are resolved below it.</summary>
    public required Uri BaseUrl { get; init; }

    /// <summary>Bearer token sent on every request.</summary>
    public required string Token { get; init; }

    /// <summary>This kiosk's id: <c>[a-z0-9][a-z0-9-]{0,63}</c>.</summary>
    public required string KioskId { get; init; }

    /// <summary>Upper bound of one request, connection and answer included.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Largest push batch (1 to 500). The engine adapts below it.</summary>
    public int MaxBatch { get; init; } = ContractMaxBatch;

    /// <summary>Full-jitter backoff: a wait is random(0, min(cap, base·2^attempt)).</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan BackoffCap { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the catalog is pulled (with <c>If-None-Match</c>).</summary>
    public TimeSpan CatalogInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Every problem with these options, each naming the setting; empty when they can be used.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (BaseUrl is null || !BaseUrl.IsAbsoluteUri)
        {
            problems.Add($"BaseUrl: must be an absolute http(s) address, got \"{BaseUrl}\"");
        }
        else if (BaseUrl.Scheme != Uri.UriSchemeHttps && BaseUrl.Scheme != Uri.UriSchemeHttp)
        {
            problems.Add($"BaseUrl: scheme must be https (or http on loopback), got \"{BaseUrl.Scheme}\"");
        }
        else if (BaseUrl.Scheme == Uri.UriSchemeHttp && !IsLoopback(BaseUrl))
        {
            problems.Add($"BaseUrl: plain http is allowed on loopback only; use https for {BaseUrl.Host}");
        }
        else if (!string.IsNullOrEmpty(BaseUrl.Query) || !string.IsNullOrEmpty(BaseUrl.Fragment))
        {
            problems.Add($"BaseUrl: must not carry a query or fragment, got \"{BaseUrl}\"");
        }

        if (string.IsNullOrWhiteSpace(Token))
        {
            problems.Add("Token: missing; the back office requires a bearer token");
        }
        else if (Token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            problems.Add("Token: contains whitespace or control characters (a stray newline from a credential file?)");
        }

        if (KioskId is null || !ContractKioskId.IsValid(KioskId))
        {
            problems.Add($"KioskId: \"{KioskId}\" must match {ContractKioskId.Pattern}");
        }

        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromMinutes(10))
        {
            problems.Add(Invariant($"RequestTimeout: must be above 0 and at most 10 minutes, got {RequestTimeout}"));
        }

        if (MaxBatch is < 1 or > ContractMaxBatch)
        {
            problems.Add(Invariant($"MaxBatch: must be 1 to {ContractMaxBatch} (the contract's limit), got {MaxBatch}"));
        }

        if (BackoffBase <= TimeSpan.Zero)
        {
            problems.Add(Invariant($"BackoffBase: must be above 0, got {BackoffBase}"));
        }

        if (BackoffCap < BackoffBase)
        {
            problems.Add(Invariant($"BackoffCap: must be at least BackoffBase ({BackoffBase}), got {BackoffCap}"));
        }

        if (CatalogInterval < TimeSpan.FromSeconds(1))
        {
            problems.Add(Invariant($"CatalogInterval: must be at least 1 second, got {CatalogInterval}"));
        }

        return problems;
    }

    /// <summary>Throws <see cref="UpstreamConfigurationException"/> listing every problem, if there is any.</summary>
    internal void EnsureValid()
    {
        var problems = Validate();
        if (problems.Count > 0)
        {
            throw new UpstreamConfigurationException(problems);
        }
    }

    internal Uri EventsUri => Resolve("events");

    internal Uri CursorUri => Resolve("cursor");

    internal Uri CatalogUri => Resolve("catalog");

    internal Uri StockUri(string gtin) => Resolve("stock?gtin=" + Uri.EscapeDataString(gtin));

    private Uri Resolve(string tail)
    {
        var root = BaseUrl.AbsoluteUri.EndsWith('/') ? BaseUrl : new Uri(BaseUrl.AbsoluteUri + "/");
        return new Uri(root, $"v1/kiosks/{Uri.EscapeDataString(KioskId)}/{tail}");
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

}

/// <summary>The upstream options cannot be used; <see cref="Problems"/> names each setting and what is wrong with it.</summary>
internal sealed class UpstreamConfigurationException : Exception
{
    public UpstreamConfigurationException(IReadOnlyList<string> problems)
        : base("Upstream options are not usable: " + string.Join("; ", problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }
}
