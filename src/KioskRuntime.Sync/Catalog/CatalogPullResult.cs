namespace KioskRuntime.Sync.Catalog;

/// <summary>How a catalog pull ended.</summary>
public enum CatalogPullOutcome
{
    /// <summary>A new catalog was stored (products, upstream stock, local stock re-based).</summary>
    Updated,

    /// <summary>The back office answered 304: the kiosk's copy is current.</summary>
    NotModified,

    /// <summary>Nothing changed locally; <see cref="CatalogPullResult.Error"/> says why.</summary>
    Failed,
}

/// <summary>The result of one catalog pull. Immutable.</summary>
/// <param name="Products">Products stored (Updated), else the count held.</param>
/// <param name="Skipped">Products in the answer that were malformed and left out, each with its index and reason.</param>
/// <param name="UpstreamLastSeq">The back office's last seq of this kiosk that its stock figures include.</param>
public sealed record CatalogPullResult(
    CatalogPullOutcome Outcome,
    string? Version,
    int Products,
    IReadOnlyList<string> Skipped,
    long? UpstreamLastSeq,
    string? Error,
    DateTimeOffset At);
