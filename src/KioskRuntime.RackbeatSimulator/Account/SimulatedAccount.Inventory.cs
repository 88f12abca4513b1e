using System.Globalization;
using System.Text.Json.Nodes;

namespace KioskRuntime.RackbeatSimulator.Account;

/// <summary>Inventory adjustments: a draft with a target quantity at a location, booked separately (facts #11–#13).</summary>
internal sealed partial class SimulatedAccount
{
    public Adjustment CreateAdjustment(JsonObject body)
    {
        lock (_lock)
        {
            var item = Text(body, "item_id") ?? throw RackbeatError.Invalid("item_id", "The item id field is required.");
            var product = Product(item, "item_id");
            var location = Text(body, "location") ?? throw RackbeatError.Invalid("location", "The location field is required.");
            if (!_data.Settings.Locations.Contains(location))
            {
                throw RackbeatError.Invalid("location", "The selected location is invalid.");
            }

            if (Text(body, "adjustment_type") is { } type && type != "quantity")
            {
                throw RackbeatError.Invalid("adjustment_type", "The selected adjustment type is invalid.");
            }

            var quantity = Number(body["quantity"], "quantity") ?? throw RackbeatError.Invalid("quantity", "The quantity field is required.");
            var date = Text(body, "regulated_at") ?? throw RackbeatError.Invalid("regulated_at", "The regulated at field is required.");
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                throw RackbeatError.Invalid("regulated_at", "The regulated at is not a valid date (YYYY-MM-DD).");
            }

            if (day > DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime))
            {
                throw RackbeatError.Invalid("regulated_at", "The regulated at must be today or earlier.");
            }

            var reason = Text(body, "reason");
            if (string.IsNullOrWhiteSpace(reason))
            {
                throw RackbeatError.Invalid("reason", "The reason field is required.");
            }

            if (quantity == StockAt(product, location).Stock)
            {
                throw RackbeatError.Invalid("quantity", "Adjustment can't be created, since no change is made.");
            }

            var adjustment = new Adjustment { Id = _data.NextAdjustment++, ItemId = item, Location = location, Quantity = quantity, RegulatedAt = date, Reason = reason };
            _data.Adjustments.Add(adjustment);
            Save();
            return adjustment;
        }
    }

    public Adjustment GetAdjustment(long id)
    {
        lock (_lock)
        {
            return FindAdjustment(id);
        }
    }

    public IReadOnlyList<Adjustment> Adjustments()
    {
        lock (_lock)
        {
            return [.. _data.Adjustments];
        }
    }

    /// <summary>Books the draft: on-hand at the location becomes the target (what it was when booked is what changes).</summary>
    public Adjustment BookAdjustment(long id)
    {
        lock (_lock)
        {
            var adjustment = FindAdjustment(id);
            if (adjustment.IsBooked)
            {
                throw RackbeatError.Invalid("inventory_regulation", "The adjustment is already booked.");
            }

            var product = Product(adjustment.ItemId, "item_id");
            var stock = StockAt(product, adjustment.Location);
            adjustment.Change = adjustment.Quantity - stock.Stock;
            stock.Stock = adjustment.Quantity;
            adjustment.IsBooked = true;
            adjustment.BookCount++;
            product.UpdatedAt = _time.GetUtcNow();
            Save();
            return adjustment;
        }
    }

    /// <summary>Deletes a draft (a booked adjustment cannot be deleted).</summary>
    public void DeleteAdjustment(long id)
    {
        lock (_lock)
        {
            var adjustment = FindAdjustment(id);
            if (adjustment.IsBooked)
            {
                throw RackbeatError.Invalid("inventory_regulation", "A booked adjustment cannot be deleted.");
            }

            _data.Adjustments.Remove(adjustment);
            Save();
        }
    }

    public Product GetProduct(string number)
    {
        lock (_lock)
        {
            return _data.Products.TryGetValue(number, out var p) ? p : throw RackbeatError.NotFound($"Product {number}");
        }
    }

    public IReadOnlyList<Product> Products()
    {
        lock (_lock)
        {
            return [.. _data.Products.Values.OrderBy(p => p.Number, StringComparer.Ordinal)];
        }
    }

    private Adjustment FindAdjustment(long id) =>
        _data.Adjustments.Find(a => a.Id == id) ?? throw RackbeatError.NotFound(string.Create(CultureInfo.InvariantCulture, $"Inventory adjustment {id}"));
}
