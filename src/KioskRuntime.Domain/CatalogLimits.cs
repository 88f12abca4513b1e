using System.Globalization;

namespace KioskRuntime.Domain;

/// <summary>
/// The sane range of a catalog value from the back office. Anything outside is a broken or hostile record: it is skipped with its reason
/// and the rest of the catalog is applied. Far above any kiosk's real figures, far below where <see cref="decimal"/> arithmetic
/// (a cart total, stock minus a sale) could overflow.
/// </summary>
public static class CatalogLimits
{
    /// <summary>The highest unit price (per piece or per kilogram) the kiosk sells at.</summary>
    public const decimal MaxPrice = 1_000_000m;

    /// <summary>The largest stock figure, either sign (stock may go negative locally).</summary>
    public const decimal MaxStock = 1_000_000_000m;

    /// <summary>Why <paramref name="price"/> is out of range, or null.</summary>
    public static string? WhyNotPrice(decimal price) =>
        price is < 0m or > MaxPrice ? string.Create(CultureInfo.InvariantCulture, $"price {price} is outside 0.00-{MaxPrice:0.00}") : null;

    /// <summary>Why <paramref name="stock"/> is out of range, or null.</summary>
    public static string? WhyNotStock(decimal stock) =>
        Math.Abs(stock) > MaxStock ? string.Create(CultureInfo.InvariantCulture, $"stock {stock} is outside ±{MaxStock:0}") : null;
}
