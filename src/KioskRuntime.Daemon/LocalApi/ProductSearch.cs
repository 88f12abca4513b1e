using System.Globalization;
using KioskRuntime.Domain;
using KioskRuntime.Journal;

namespace KioskRuntime.Daemon.LocalApi;

/// <summary>
/// Product look-up for goods without a barcode (loose fruit): by PLU (the catalog's item number, exact), by GTIN, or by words of the
/// name (every word must occur, case- and accent-insensitive in Norwegian collation). Reads the local catalog the journal keeps.
/// </summary>
internal sealed class ProductSearch(KioskJournal journal)
{
    public const int MaxResults = 20;

    private static readonly CompareInfo Compare = CultureInfo.GetCultureInfo("nb-NO").CompareInfo;

    public IReadOnlyList<ProductView> Find(string? query)
    {
        var q = (query ?? "").Trim();
        if (q.Length == 0)
        {
            return [];
        }

        var words = q.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var catalog = journal.ListState<CatalogDocument>(StateCollections.Catalog);
        var exact = catalog.Where(c => string.Equals(c.Sku, q, StringComparison.OrdinalIgnoreCase) || c.Gtin.TrimStart('0') == q.TrimStart('0'));
        var byName = catalog.Where(c => words.All(w => Compare.IndexOf(c.Name, w, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) >= 0))
            .OrderBy(c => c.Name, StringComparer.Create(CultureInfo.GetCultureInfo("nb-NO"), ignoreCase: true));
        return exact.Concat(byName).DistinctBy(c => c.Gtin).Take(MaxResults)
            .Select(c => new ProductView(c.Gtin, c.Sku, c.Name, c.Price, c.Unit, c.VatRate)).ToList();
    }

    /// <summary>The catalog GTIN for a PLU (item number), or null.</summary>
    public string? GtinForPlu(string plu) =>
        journal.ListState<CatalogDocument>(StateCollections.Catalog).FirstOrDefault(c => string.Equals(c.Sku, plu.Trim(), StringComparison.OrdinalIgnoreCase))?.Gtin;
}
