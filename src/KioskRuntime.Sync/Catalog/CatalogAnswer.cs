using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using KioskRuntime.Contract;
using KioskRuntime.Domain;
using KioskRuntime.Sync.Contract;

namespace KioskRuntime.Sync.Catalog;

/// <summary>One product of a catalog answer, validated.</summary>
internal sealed record CatalogProduct(CatalogDocument Document, decimal UpstreamStock);

/// <summary>A parsed catalog answer: the good products and, for each bad one, where and what.</summary>
internal sealed record CatalogAnswer(string Version, IReadOnlyList<CatalogProduct> Products, IReadOnlyList<string> Skipped)
{
    public static bool TryRead(byte[] body, [NotNullWhen(true)] out CatalogAnswer? answer, [NotNullWhen(false)] out string? error)
    {
        answer = null;
        if (!ContractAnswers.TryParse(body, out var doc, out error))
        {
            return false;
        }

        using (doc)
        {
            var root = doc.RootElement;
            var version = root.TryGetProperty("version", out var v) && v.ValueKind is JsonValueKind.String or JsonValueKind.Number ? v.ToString() : null;
            if (string.IsNullOrEmpty(version))
            {
                error = "version: missing or not a string";
                return false;
            }

            if (!root.TryGetProperty("products", out var products) || products.ValueKind != JsonValueKind.Array)
            {
                error = "products: missing or not an array";
                return false;
            }

            var good = new List<CatalogProduct>(products.GetArrayLength());
            var skipped = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var item in products.EnumerateArray())
            {
                var at = string.Create(CultureInfo.InvariantCulture, $"products[{i++}]");
                if (!TryProduct(item, out var product, out var problem))
                {
                    skipped.Add($"{at}: {problem}");
                }
                else if (!seen.Add(product.Document.Gtin))
                {
                    skipped.Add($"{at}: gtin {product.Document.Gtin} appears twice; the first is kept");
                }
                else
                {
                    good.Add(product);
                }
            }

            answer = new CatalogAnswer(version, good, skipped);
            return true;
        }
    }

    private static bool TryProduct(JsonElement item, [NotNullWhen(true)] out CatalogProduct? product, [NotNullWhen(false)] out string? problem)
    {
        product = null;
        if (item.ValueKind != JsonValueKind.Object)
        {
            problem = "not an object";
            return false;
        }

        var gtin = ContractAnswers.String(item, "gtin");
        if (!ContractGtin.IsValid(gtin, out problem))
        {
            problem = $"gtin: {problem}";
            return false;
        }

        var doc = new CatalogDocument
        {
            Gtin = gtin!,
            Sku = ContractAnswers.String(item, "sku") ?? "",
            Name = ContractAnswers.String(item, "name") ?? "",
            Price = ContractAnswers.String(item, "price") ?? "",
            Currency = ContractAnswers.String(item, "currency") ?? "NOK",
            VatRate = ContractAnswers.String(item, "vatRate") ?? "",
            Unit = ContractAnswers.String(item, "unit") ?? "",
            UpstreamStock = ContractAnswers.String(item, "stock") ?? "0",
        };
        if (item.TryGetProperty("ageLimit", out var age) && age.ValueKind != JsonValueKind.Null)
        {
            if (age.ValueKind != JsonValueKind.Number || !age.TryGetInt32(out var years) || years is < 0 or > 120)
            {
                problem = $"ageLimit: expected whole years 0-120 or null, got {age.GetRawText()}";
                return false;
            }

            doc.AgeLimit = years;
        }

        if (string.IsNullOrWhiteSpace(doc.Name))
        {
            problem = "name: missing or empty";
            return false;
        }

        if (!Money.TryParse(doc.Price, out var price) || price < Money.Zero)
        {
            problem = $"price: \"{doc.Price}\" is not a non-negative amount with two decimals";
            return false;
        }

        if (CatalogLimits.WhyNotPrice(price.Amount) is { } priceRange)
        {
            problem = $"price: {priceRange}";
            return false;
        }

        if (!VatRate.TryParse(doc.VatRate, out _))
        {
            problem = $"vatRate: \"{doc.VatRate}\" is not a percentage";
            return false;
        }

        if (!ContractFormat.TryParseUnit(doc.Unit, out _))
        {
            problem = $"unit: \"{doc.Unit}\" is neither \"pcs\" nor \"kg\"";
            return false;
        }

        if (!ContractDecimal.TryParseSigned(doc.UpstreamStock, out var stock))
        {
            problem = $"stock: \"{doc.UpstreamStock}\" is not a decimal string";
            return false;
        }

        if (CatalogLimits.WhyNotStock(stock) is { } stockRange)
        {
            problem = $"stock: {stockRange}";
            return false;
        }

        product = new CatalogProduct(doc, stock);
        problem = null;
        return true;
    }
}
