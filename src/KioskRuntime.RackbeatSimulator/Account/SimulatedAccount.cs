using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KioskRuntime.RackbeatSimulator.Account;

/// <summary>
/// One Rackbeat account in memory, with the documented stock semantics (docs/rackbeat.md, "The simulator"): per location
/// <c>stock_quantity</c> (on-hand) and <c>in_order_quantity</c> (reserved by booked orders); on-hand moves when a shipment is marked
/// shipped, or, with <see cref="StockMode.Invoice"/>, when an invoice is booked; credit notes reverse inventory when booked with the
/// flag; adjustments are drafts with a target quantity until booked. Optionally persisted to a JSON file after every change
/// (written to a temporary file, flushed, renamed). Thread-safe: one lock around everything.
/// </summary>
internal sealed partial class SimulatedAccount
{
    private static readonly JsonSerializerOptions FileJson = new() { WriteIndented = false };

    private readonly Lock _lock = new();
    private readonly string? _path;
    private readonly TimeProvider _time;
    private AccountData _data;

    public SimulatedAccount(string? path, TimeProvider time)
    {
        _path = path;
        _time = time;
        _data = path is not null && File.Exists(path) ? Load(path) : new AccountData();
    }

    public AccountSettings Settings
    {
        get
        {
            lock (_lock)
            {
                return _data.Settings;
            }
        }
    }

    /// <summary>Replaces the settings (stock mode, premium, customers, locations, token).</summary>
    /// <exception cref="RackbeatError">The stock mode would change while orders, shipments or invoices are open (facts #3).</exception>
    public void Configure(AccountSettings settings)
    {
        lock (_lock)
        {
            if (settings.StockMode != _data.Settings.StockMode && HasOpenDocuments())
            {
                throw RackbeatError.Invalid("stock_mode", "The stock mode cannot change while orders, invoices or shipments are open.");
            }

            _data.Settings = settings;
            Save();
        }
    }

    /// <summary>Adds or replaces products; <paramref name="stock"/> sets on-hand per location.</summary>
    public void PutProduct(Product product)
    {
        lock (_lock)
        {
            product.UpdatedAt = _time.GetUtcNow();
            _data.Products[product.Number] = product;
            Save();
        }
    }

    /// <summary>Stock moved by another channel (a web shop, another till) at <paramref name="location"/>.</summary>
    public void ExternalMove(string item, string location, decimal change)
    {
        lock (_lock)
        {
            var stock = StockAt(Product(item, "item_id"), location);
            stock.Stock += change;
            _data.ExternalMoves.Add(string.Create(CultureInfo.InvariantCulture, $"{item}@{location} {change:+0.###;-0.###}"));
            Save();
        }
    }

    /// <summary>Runs <paramref name="read"/> under the account's lock (the lock is re-entrant), e.g. to render a record consistently.</summary>
    public T Locked<T>(Func<SimulatedAccount, T> read)
    {
        lock (_lock)
        {
            return read(this);
        }
    }

    /// <summary>A deep copy of everything (for the admin endpoint and tests).</summary>
    public AccountData Snapshot()
    {
        lock (_lock)
        {
            return JsonSerializer.Deserialize<AccountData>(JsonSerializer.Serialize(_data, FileJson), FileJson)!;
        }
    }

    /// <summary>On-hand of <paramref name="item"/> at <paramref name="location"/> (0 when never stocked there).</summary>
    public decimal OnHand(string item, string location)
    {
        lock (_lock)
        {
            return _data.Products.TryGetValue(item, out var p) && p.Locations.TryGetValue(location, out var s) ? s.Stock : 0m;
        }
    }

    private bool HasOpenDocuments() =>
        _data.Orders.Any(o => o.IsBooked && !(o.IsShipped && o.IsInvoiced))
        || _data.Shipments.Any(s => !s.IsShipped)
        || _data.Invoices.Any(i => !i.IsBooked);

    private Product Product(string number, string field) =>
        _data.Products.TryGetValue(number, out var p) ? p : throw RackbeatError.Invalid(field, $"The selected {field} is invalid.");

    private static LocationStock StockAt(Product product, string location)
    {
        if (!product.Locations.TryGetValue(location, out var stock))
        {
            stock = new LocationStock();
            product.Locations[location] = stock;
        }

        return stock;
    }

    /// <summary>On-hand leaves (or, negative <paramref name="sign"/>, comes back) for <paramref name="lines"/> at the default location.</summary>
    private void MoveOnHand(IEnumerable<Line> lines, int sign, bool releaseReservation)
    {
        foreach (var line in lines)
        {
            var product = Product(line.ItemId, "item_id");
            var stock = StockAt(product, _data.Settings.DefaultLocation);
            stock.Stock -= sign * line.Quantity;
            if (releaseReservation)
            {
                stock.InOrder = Math.Max(0m, stock.InOrder - line.Quantity);
            }

            product.UpdatedAt = _time.GetUtcNow();
        }
    }

    private void Save()
    {
        if (_path is null)
        {
            return;
        }

        var temp = _path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(file, _data, FileJson);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, _path, overwrite: true);
    }

    private static AccountData Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<AccountData>(File.ReadAllText(path), FileJson)
                   ?? throw new SimulatorConfigurationException($"--data {path}: the file holds null");
        }
        catch (JsonException ex)
        {
            throw new SimulatorConfigurationException($"--data {path}: not a simulator state file (line {(ex.LineNumber ?? 0) + 1}): {ex.Message}");
        }
    }

    private string Today() => _time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Text(JsonObject body, string name) => body[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : body[name]?.ToJsonString();

    private static decimal? Number(JsonNode? node, string field)
    {
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue v && (v.TryGetValue<decimal>(out var d) || (v.TryGetValue<string>(out var s) && decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out d))))
        {
            return d;
        }

        throw RackbeatError.Invalid(field, $"The {field} must be a number.");
    }
}
