using KioskRuntime.Barcodes;

namespace KioskRuntime.Domain;

/// <summary>A catalog product as the kiosk sells it. Prices include VAT. Immutable.</summary>
public sealed record Product(Gtin Gtin, string Sku, string Name, Money Price, VatRate VatRate, SalesUnit Unit, int? AgeLimit);

/// <summary>
/// A product as stored in the local catalog (the journal database's <c>catalog</c> collection). A plain document so that the storage
/// mapper needs no knowledge of the domain's value types; <see cref="ToProduct"/> validates it back.
/// </summary>
public sealed class CatalogDocument
{
    public string Gtin { get; set; } = "";
    public string Sku { get; set; } = "";
    public string Name { get; set; } = "";
    public string Price { get; set; } = "0.00";
    public string Currency { get; set; } = "NOK";
    public string VatRate { get; set; } = "25";
    public string Unit { get; set; } = "pcs";
    public int? AgeLimit { get; set; }

    /// <summary>The back office's stock figure when the catalog was produced.</summary>
    public string UpstreamStock { get; set; } = "0";

    /// <summary>Converts to a product, or says what is wrong with the document.</summary>
    public bool TryToProduct(out Product? product, out string? error)
    {
        product = null;
        if (!Barcodes.Gtin.TryParse(Gtin, out var gtin, out var gtinError))
        {
            error = $"gtin '{Gtin}': {gtinError}";
            return false;
        }

        if (!Money.TryParse(Price, out var price) || price < Money.Zero)
        {
            error = $"product {Gtin}: price '{Price}' is not a non-negative amount with two decimals";
            return false;
        }

        if (CatalogLimits.WhyNotPrice(price.Amount) is { } outOfRange)
        {
            error = $"product {Gtin}: {outOfRange}";
            return false;
        }

        if (!Domain.VatRate.TryParse(VatRate, out var rate))
        {
            error = $"product {Gtin}: vatRate '{VatRate}' is not a percentage";
            return false;
        }

        if (!ContractFormat.TryParseUnit(Unit, out var unit))
        {
            error = $"product {Gtin}: unit '{Unit}' is neither \"pcs\" nor \"kg\"";
            return false;
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            error = $"product {Gtin}: name is empty";
            return false;
        }

        product = new Product(gtin, Sku, Name, price, rate, unit, AgeLimit);
        error = null;
        return true;
    }
}

/// <summary>The kiosk's local stock figure for one product (the journal database's <c>stock</c> collection).</summary>
public sealed class StockDocument
{
    public string Gtin { get; set; } = "";

    /// <summary>Local stock: the back office's figure lowered by sales and raised by returns since. May go negative.</summary>
    public decimal Quantity { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// The last time arithmetic on this figure would have overflowed (a wild figure from the back office): the sale went through, the
    /// figure was held at the edge of the range, and this says when and by how much; null when never.
    /// </summary>
    public string? Anomaly { get; set; }
}
