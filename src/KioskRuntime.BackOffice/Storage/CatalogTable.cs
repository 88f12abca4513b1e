using System.Globalization;
using KioskRuntime.BackOffice.Contract;
using Microsoft.Data.Sqlite;

namespace KioskRuntime.BackOffice.Storage;

/// <summary>
/// The catalog (tables <c>products</c> and <c>catalog</c>): products, stock figures and the catalog version. Writes join the
/// transaction of the <see cref="BackOfficeStore"/> it belongs to, so stock moves with the events that move it.
/// Thread safety: as <see cref="BackOfficeStore"/>.
/// </summary>
internal sealed class CatalogTable : IDisposable
{
    private const string ProductColumns = "gtin, sku, name, price, currency, vat_rate, unit, stock, age_limit";

    private readonly DataFile _file;
    private readonly SqliteCommand _selectProduct;
    private readonly SqliteCommand _updateStock;

    public CatalogTable(DataFile file)
    {
        _file = file;
        _selectProduct = file.Command($"SELECT {ProductColumns} FROM products WHERE gtin = $gtin", "$gtin");
        _updateStock = file.Command("UPDATE products SET stock = $stock WHERE gtin = $gtin", "$gtin", "$stock");
    }

    /// <summary>The catalog version; 0 while the catalog was never seeded.</summary>
    public long GetCatalogVersion()
    {
        lock (_file.Gate)
        {
            using var command = _file.Command("SELECT version FROM catalog WHERE id = 1");
            return command.ExecuteScalar() is long version ? version : 0;
        }
    }

    public IReadOnlyList<CatalogProduct> GetProducts()
    {
        lock (_file.Gate)
        {
            using var command = _file.Command($"SELECT {ProductColumns} FROM products ORDER BY gtin");
            using var row = command.ExecuteReader();
            var products = new List<CatalogProduct>();
            while (row.Read())
            {
                products.Add(ReadProduct(row));
            }

            return products;
        }
    }

    /// <summary>Version and products read together, so the version describes exactly these figures.</summary>
    public (long Version, IReadOnlyList<CatalogProduct> Products) GetCatalog()
    {
        lock (_file.Gate)
        {
            return (GetCatalogVersion(), GetProducts());
        }
    }

    public CatalogProduct? GetProduct(Gtin gtin)
    {
        lock (_file.Gate)
        {
            _selectProduct.Parameters[0].Value = gtin.Value;
            using var row = _selectProduct.ExecuteReader();
            return row.Read() ? ReadProduct(row) : null;
        }
    }

    /// <summary>Products whose stock went below zero (stock is decimal text, so the comparison is made here, exactly).</summary>
    public IReadOnlyList<CatalogProduct> GetNegativeStock() => GetProducts().Where(p => p.Stock < 0m).ToList();

    /// <summary>Adds <paramref name="delta"/> to a product's stock. False when the product is unknown. Inside a transaction.</summary>
    public bool TryAdjustStock(Gtin gtin, decimal delta)
    {
        lock (_file.Gate)
        {
            _file.RequireTransaction(nameof(TryAdjustStock));
            if (GetProduct(gtin) is not { } product)
            {
                return false;
            }

            _updateStock.Parameters[0].Value = gtin.Value;
            _updateStock.Parameters[1].Value = StockText(product.Stock + delta);
            _updateStock.ExecuteNonQuery();
            return true;
        }
    }

    /// <summary>Moves the catalog to a new version. Inside a transaction.</summary>
    public long BumpCatalogVersion()
    {
        lock (_file.Gate)
        {
            _file.RequireTransaction(nameof(BumpCatalogVersion));
            using var command = _file.Command(
                "INSERT INTO catalog (id, version) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET version = version + 1 RETURNING version");
            return (long)command.ExecuteScalar()!;
        }
    }

    /// <summary>Seeds the catalog when it has never been seeded (idempotent across restarts).</summary>
    public bool SeedIfNeverSeeded(IEnumerable<CatalogProduct> products)
    {
        ArgumentNullException.ThrowIfNull(products);
        return _file.InTransaction(() =>
        {
            if (GetCatalogVersion() != 0)
            {
                return false;
            }

            using var insert = _file.Command(
                $"INSERT OR REPLACE INTO products ({ProductColumns}) VALUES ($gtin, $sku, $name, $price, $currency, $vatRate, $unit, $stock, $ageLimit)");
            foreach (var product in products)
            {
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$gtin", product.Gtin.Value);
                insert.Parameters.AddWithValue("$sku", product.Sku);
                insert.Parameters.AddWithValue("$name", product.Name);
                insert.Parameters.AddWithValue("$price", product.Price);
                insert.Parameters.AddWithValue("$currency", product.Currency);
                insert.Parameters.AddWithValue("$vatRate", product.VatRate);
                insert.Parameters.AddWithValue("$unit", product.Unit);
                insert.Parameters.AddWithValue("$stock", StockText(product.Stock));
                insert.Parameters.AddWithValue("$ageLimit", (object?)product.AgeLimit ?? DBNull.Value);
                insert.ExecuteNonQuery();
            }

            BumpCatalogVersion();
            return true;
        });
    }

    public void Dispose()
    {
        _selectProduct.Dispose();
        _updateStock.Dispose();
    }

    // Columns in the order of ProductColumns.
    private CatalogProduct ReadProduct(SqliteDataReader row)
    {
        var gtinText = row.GetString(0);
        if (!Gtin.TryParse(gtinText, out var gtin, out var error))
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{_file.DataPath}: stored product {gtinText}: {error}"));
        }

        return new CatalogProduct(
            gtin.Value,
            row.GetString(1),
            row.GetString(2),
            row.GetString(3),
            row.GetString(4),
            row.GetString(5),
            row.GetString(6),
            decimal.Parse(row.GetString(7), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture),
            row.IsDBNull(8) ? null : row.GetInt32(8));
    }

    // Exact, with its scale: "-6.000" reads back as the same decimal.
    private static string StockText(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
