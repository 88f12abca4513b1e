using System.Globalization;
using KioskRuntime.BackOffice.Contract;
using LiteDB;

namespace KioskRuntime.BackOffice.Storage;

/// <summary>The catalog: products, stock figures and the catalog version (changes whenever stock changes).</summary>
internal sealed partial class BackOfficeStore
{
    public long GetCatalogVersion() => _meta.FindById(CatalogMetaId)?["version"].AsInt64 ?? 0;

    public IReadOnlyList<CatalogProduct> GetProducts() =>
        _products.FindAll().Select(ToProduct).OrderBy(p => p.Gtin.Value, StringComparer.Ordinal).ToList();

    /// <summary>Version and products read together, so the version describes exactly these figures.</summary>
    public (long Version, IReadOnlyList<CatalogProduct> Products) GetCatalog()
    {
        lock (_writeGate)
        {
            return (GetCatalogVersion(), GetProducts());
        }
    }

    public CatalogProduct? GetProduct(Gtin gtin)
    {
        var doc = _products.FindById(gtin.Value);
        return doc is null ? null : ToProduct(doc);
    }

    public IReadOnlyList<CatalogProduct> GetNegativeStock() =>
        _products.Find(Query.LT("stock", new BsonValue(0m))).Select(ToProduct).OrderBy(p => p.Gtin.Value, StringComparer.Ordinal).ToList();

    /// <summary>Adds <paramref name="delta"/> to a product's stock. False when the product is unknown. Inside a transaction.</summary>
    public bool TryAdjustStock(Gtin gtin, decimal delta)
    {
        var doc = _products.FindById(gtin.Value);
        if (doc is null)
        {
            return false;
        }

        doc["stock"] = doc["stock"].AsDecimal + delta;
        _products.Update(doc);
        return true;
    }

    /// <summary>Moves the catalog to a new version. Inside a transaction.</summary>
    public long BumpCatalogVersion()
    {
        var next = GetCatalogVersion() + 1;
        _meta.Upsert(new BsonDocument { ["_id"] = CatalogMetaId, ["version"] = next });
        return next;
    }

    /// <summary>Seeds the catalog when it has never been seeded (idempotent across restarts).</summary>
    public bool SeedIfNeverSeeded(IEnumerable<CatalogProduct> products)
    {
        ArgumentNullException.ThrowIfNull(products);
        return InTransaction(() =>
        {
            if (_meta.FindById(CatalogMetaId) is not null)
            {
                return false;
            }

            foreach (var product in products)
            {
                _products.Upsert(ToDocument(product));
            }

            BumpCatalogVersion();
            return true;
        });
    }

    private static BsonDocument ToDocument(CatalogProduct p) => new()
    {
        ["_id"] = p.Gtin.Value,
        ["sku"] = p.Sku,
        ["name"] = p.Name,
        ["price"] = p.Price,
        ["currency"] = p.Currency,
        ["vatRate"] = p.VatRate,
        ["unit"] = p.Unit,
        ["stock"] = p.Stock,
        ["ageLimit"] = p.AgeLimit is { } age ? age : BsonValue.Null,
    };

    private static CatalogProduct ToProduct(BsonDocument doc)
    {
        var gtinText = doc["_id"].AsString;
        if (!Gtin.TryParse(gtinText, out var gtin, out var error))
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Stored product {gtinText}: {error}"));
        }

        return new CatalogProduct(
            gtin.Value,
            doc["sku"].AsString,
            doc["name"].AsString,
            doc["price"].AsString,
            doc["currency"].AsString,
            doc["vatRate"].AsString,
            doc["unit"].AsString,
            doc["stock"].AsDecimal,
            doc["ageLimit"].IsNull ? null : doc["ageLimit"].AsInt32);
    }
}
