using KioskRuntime.BackOffice.Contract;
using KioskRuntime.BackOffice.Storage;

namespace KioskRuntime.BackOffice.Processing;

/// <summary>
/// One batch's stock moves, summed per product and written once per product when the batch ends, instead of a read
/// and update per sale line (a 500-sale batch touched the same few products 500 times). Sums are exact (decimal), so the
/// stored figure is the one the per-line updates gave. Products are never created or removed by events, so whether one is
/// known is read once per batch. Lives inside one store transaction; not thread-safe.
/// </summary>
internal sealed class StockChanges(BackOfficeStore store)
{
    private readonly Dictionary<Gtin, decimal> _deltas = [];
    private readonly Dictionary<Gtin, bool> _known = [];

    /// <summary>True when the catalog holds the product.</summary>
    public bool IsKnown(Gtin gtin)
    {
        if (!_known.TryGetValue(gtin, out var known))
        {
            known = store.Catalog.GetProduct(gtin) is not null;
            _known.Add(gtin, known);
        }

        return known;
    }

    /// <summary>Adds a move; false (and nothing changes) for a product the catalog does not hold.</summary>
    public bool Add(Gtin gtin, decimal delta)
    {
        if (!IsKnown(gtin))
        {
            return false;
        }

        _deltas[gtin] = _deltas.GetValueOrDefault(gtin) + delta;
        return true;
    }

    /// <summary>Writes the summed moves; true when any product's stock was moved (the catalog version must then move too).</summary>
    public bool Write()
    {
        foreach (var (gtin, delta) in _deltas)
        {
            if (!store.Catalog.TryAdjustStock(gtin, delta))
            {
                throw new InvalidOperationException($"Product {gtin} left the catalog during a batch.");
            }
        }

        return _deltas.Count > 0;
    }
}
