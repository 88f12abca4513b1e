namespace KioskRuntime.Domain;

/// <summary>One line of a cart or sale. <see cref="Trace"/>: lot, serial and dates from a GS1 code, when it carried them.</summary>
public sealed record CartLine(Product Product, decimal Quantity, Money UnitPrice, Money LineTotal)
{
    public LineTrace? Trace { get; init; }
}

/// <summary>VAT for one rate: the VAT-exclusive base and the VAT amount, which add up to the gross sold at that rate.</summary>
public sealed record VatLine(VatRate Rate, Money Base, Money Amount)
{
    public Money Gross => Base + Amount;
}

/// <summary>
/// The customer's cart. Not thread-safe: the sale pipeline owns it. Counted products scanned again add to their line;
/// weighed or price-embedded items get a line each.
/// </summary>
public sealed class Cart
{
    private readonly List<CartLine> _lines = [];

    public IReadOnlyList<CartLine> Lines => _lines;

    public bool IsEmpty => _lines.Count == 0;

    public Money Total => _lines.Aggregate(Money.Zero, (sum, l) => sum + l.LineTotal);

    /// <summary>Adds a counted product, or one more of it (to a line with the same price and the same lot and dates; never to a serialised one).</summary>
    public CartLine AddPieces(Product product, int count = 1, LineTrace? trace = null)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        trace = trace is { IsEmpty: true } ? null : trace;
        var index = trace?.Serial is not null ? -1 : _lines.FindIndex(l =>
            l.Product.Gtin == product.Gtin && l.UnitPrice == product.Price && product.Unit == SalesUnit.Pieces && l.Trace == trace);
        if (index >= 0)
        {
            var old = _lines[index];
            var quantity = old.Quantity + count;
            return _lines[index] = old with { Quantity = quantity, LineTotal = old.UnitPrice * quantity };
        }

        var line = new CartLine(product, count, product.Price, product.Price * count) { Trace = trace };
        _lines.Add(line);
        return line;
    }

    /// <summary>Adds a weighed item (quantity in kg) priced at the product's unit price.</summary>
    public CartLine AddWeighed(Product product, decimal kilograms, LineTrace? trace = null)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kilograms);
        var line = new CartLine(product, kilograms, product.Price, product.Price * kilograms) { Trace = trace is { IsEmpty: true } ? null : trace };
        _lines.Add(line);
        return line;
    }

    /// <summary>
    /// Adds a weighed item whose label also carries the price to pay (GS1 AI 310n + 392n/393n): quantity in kg at the product's unit
    /// price, line total the label's price. The caller has checked the price against unit price × weight (<c>Gs1SaleRules</c>).
    /// </summary>
    public CartLine AddWeighedAtLabelPrice(Product product, decimal kilograms, Money labelPrice, LineTrace? trace = null)
    {
        ArgumentNullException.ThrowIfNull(product);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kilograms);
        var line = new CartLine(product, kilograms, product.Price, labelPrice) { Trace = trace is { IsEmpty: true } ? null : trace };
        _lines.Add(line);
        return line;
    }

    /// <summary>True when a line already holds this product's serialised item (GS1 AI 21): one item cannot be sold twice.</summary>
    public bool HoldsSerial(Barcodes.Gtin gtin, string serial) =>
        _lines.Exists(l => l.Product.Gtin == gtin && l.Trace?.Serial == serial);

    /// <summary>Adds an item whose price the barcode carries (in-store price-embedded code).</summary>
    public CartLine AddPriced(Product product, Money price, LineTrace? trace = null)
    {
        ArgumentNullException.ThrowIfNull(product);
        var line = new CartLine(product, 1, price, price) { Trace = trace is { IsEmpty: true } ? null : trace };
        _lines.Add(line);
        return line;
    }

    public void Clear() => _lines.Clear();

    /// <summary>VAT per rate, highest rate first, from VAT-inclusive line totals.</summary>
    public IReadOnlyList<VatLine> VatBreakdown() => Vat.Breakdown(_lines);
}

/// <summary>VAT arithmetic shared by sales and returns.</summary>
public static class Vat
{
    /// <summary>Groups VAT-inclusive line totals by rate; VAT is computed once per rate (not per line) to avoid rounding drift.</summary>
    public static IReadOnlyList<VatLine> Breakdown(IEnumerable<CartLine> lines) =>
        Breakdown(lines.Select(l => (l.Product.VatRate, l.LineTotal)));

    /// <summary>The same for (rate, VAT-inclusive amount) pairs; highest rate first.</summary>
    public static IReadOnlyList<VatLine> Breakdown(IEnumerable<(VatRate Rate, Money Gross)> amounts) =>
        amounts.GroupBy(a => a.Rate)
               .OrderByDescending(g => g.Key)
               .Select(g =>
               {
                   var gross = g.Aggregate(Money.Zero, (s, a) => s + a.Gross);
                   var vat = g.Key.VatIncludedIn(gross);
                   return new VatLine(g.Key, gross - vat, vat);
               })
               .ToList();
}
