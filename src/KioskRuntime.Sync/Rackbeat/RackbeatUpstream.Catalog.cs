using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using KioskRuntime.Contract;
using KioskRuntime.Sync.Http;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Sync.Rackbeat;

/// <summary>
/// The contract's catalog and stock answers built from Rackbeat: products paged (206, <c>pages</c>) and refreshed incrementally with
/// <c>updated_at_from</c> (a full pull every <see cref="FullPullEvery"/>, which also drops deleted products); each barcode normalised to a
/// GTIN-14; price including VAT from <c>sales_price</c> (net) and <c>vat_percentage</c>; stock at the kiosk's location (one
/// <c>products/{n}/locations</c> per pulled product with a usable barcode: the facts file has no list endpoint with stock per
/// location); unit <c>kg</c> for products Rackbeat sells by weight; live stock from the kiosk's location.
/// </summary>
public sealed partial class RackbeatUpstream
{
    private static readonly TimeSpan FullPullEvery = TimeSpan.FromHours(6);
    private readonly Dictionary<string, JsonObject> _products = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _locationStock = new(StringComparer.Ordinal);
    private DateTimeOffset? _fullPullAt;
    private DateTimeOffset? _pullAt;

    private async Task<HttpResponseMessage> CatalogAsync(string? ifNoneMatch, CancellationToken ct)
    {
        var started = _time.GetUtcNow();
        var full = _fullPullAt is not { } last || started - last > FullPullEvery;
        var query = full ? "products" : "products?updated_at_from=" + Uri.EscapeDataString((_pullAt!.Value - TimeSpan.FromMinutes(2)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        var pulled = new List<JsonObject>();
        for (var page = 1; ; page++)
        {
            var separator = query.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var reply = await _rackbeat.GetAsync(Invariant($"{query}{separator}limit=1000&page={page}"), ct).ConfigureAwait(false);
            if (reply is not UpstreamReply.Answered { Code: 200 or 206 } ok)
            {
                return Forward(reply, "catalog");
            }

            var node = JsonNode.Parse(ok.Body);
            pulled.AddRange((node?["products"] as JsonArray ?? []).OfType<JsonObject>());
            if (page >= (node?["pages"]?.GetValue<int>() ?? 1))
            {
                break;
            }
        }

        var located = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var product in pulled)
        {
            if (product["number"]?.ToString() is { Length: > 0 } number && NormaliseGtin(product["barcode"]?.ToString()) is not null)
            {
                var reply = await LocationStockAsync(number, ct).ConfigureAwait(false);
                if (reply.Failure is { } failure)
                {
                    return failure;
                }

                located[number] = reply.Stock;
            }
        }

        if (full)
        {
            _products.Clear();
            _locationStock.Clear();
            _fullPullAt = started;
        }

        foreach (var product in pulled)
        {
            if (product["number"]?.ToString() is { Length: > 0 } number)
            {
                _products[number] = product;
                _locationStock.Remove(number);
                if (located.TryGetValue(number, out var stock))
                {
                    _locationStock[number] = stock;
                }
            }
        }

        _pullAt = started;
        var items = new JsonArray();
        var skipped = 0;
        foreach (var product in _products.Values.OrderBy(p => p["number"]!.ToString(), StringComparer.Ordinal))
        {
            if (ContractProduct(product) is { } item)
            {
                items.Add(item);
            }
            else
            {
                skipped++;
            }
        }

        var version = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(items.ToJsonString())))[..16].ToLowerInvariant();
        _logger.LogInformation("Rackbeat catalog: {Pulled} product(s) read ({Kind}), {Count} with a usable barcode, {Skipped} without; version {Version}",
            pulled.Count, full ? "full" : "changed since the last pull", items.Count, skipped, version);
        var etag = $"\"{version}\"";
        if (ifNoneMatch == etag)
        {
            return new HttpResponseMessage(HttpStatusCode.NotModified) { Headers = { ETag = new System.Net.Http.Headers.EntityTagHeaderValue(etag) } };
        }

        var answer = Json(HttpStatusCode.OK, new JsonObject { ["version"] = version, ["products"] = items });
        answer.Headers.ETag = new System.Net.Http.Headers.EntityTagHeaderValue(etag);
        return answer;
    }

    /// <summary>Live on-hand at the kiosk's location for a GTIN (through the item number the catalog or the options give it).</summary>
    private async Task<HttpResponseMessage> StockAsync(string gtin, CancellationToken ct)
    {
        var number = ProductNumber(gtin);
        var reply = await LocationStockAsync(number, ct).ConfigureAwait(false);
        if (reply.Failure is { } failure)
        {
            return failure;
        }

        return Json(HttpStatusCode.OK, new JsonObject
        {
            ["gtin"] = gtin,
            ["stock"] = reply.Stock.ToString(CultureInfo.InvariantCulture),
            ["asOf"] = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        });
    }

    /// <summary>On-hand of item <paramref name="number"/> at the kiosk's location (0 when never stocked there), or the failure to forward.</summary>
    private async Task<(decimal Stock, HttpResponseMessage? Failure)> LocationStockAsync(string number, CancellationToken ct)
    {
        var reply = await _rackbeat.GetAsync($"products/{Uri.EscapeDataString(number)}/locations?limit=1000", ct).ConfigureAwait(false);
        if (reply is not UpstreamReply.Answered { Code: 200 or 206 } ok)
        {
            return (0m, Forward(reply, $"stock of {number}"));
        }

        var location = (JsonNode.Parse(ok.Body)?["product_locations"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(l => l["number"]?.ToString() == _options.LocationNumber);
        return (location?["stock_quantity"]?.GetValue<decimal>() ?? 0m, null);
    }

    /// <summary>
    /// <c>kg</c> when the product's unit (an expanded <c>{name}</c> object, a name, or a unit id listed in
    /// <see cref="RackbeatOptions.KgUnitIds"/>) names kilograms; else <c>pcs</c>.
    /// </summary>
    internal static string ContractUnit(JsonNode? unit, IReadOnlyCollection<string> kgUnitIds)
    {
        var text = unit switch
        {
            JsonObject o => o["name"]?.ToString() ?? o["number"]?.ToString() ?? o["id"]?.ToString(),
            JsonValue v => v.ToString(),
            _ => null,
        };
        var name = text?.Trim().TrimEnd('.').ToLowerInvariant();
        return name is "kg" or "kgs" or "kilo" or "kilos" or "kilogram" or "kilograms" or "kilogramme"
            || (unit is JsonValue && text is not null && kgUnitIds.Contains(text))
            || (unit is JsonObject obj && kgUnitIds.Any(id => id == obj["number"]?.ToString() || id == obj["id"]?.ToString()))
            ? "kg"
            : "pcs";
    }

    /// <summary>A Rackbeat product as a contract catalog product; null when its barcode is not a GTIN.</summary>
    private JsonObject? ContractProduct(JsonObject product)
    {
        if (NormaliseGtin(product["barcode"]?.ToString()) is not { } gtin)
        {
            return null;
        }

        var net = product["sales_price"]?.GetValue<decimal>() ?? 0m;
        var vat = product["vat_percentage"]?.GetValue<decimal>() ?? 0m;
        return new JsonObject
        {
            ["gtin"] = gtin,
            ["sku"] = product["number"]!.ToString(),
            ["name"] = product["name"]?.ToString() ?? product["number"]!.ToString(),
            ["price"] = decimal.Round(net * (100m + vat) / 100m, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture),
            ["currency"] = _options.Currency,
            ["vatRate"] = vat.ToString("0.##", CultureInfo.InvariantCulture),
            ["unit"] = ContractUnit(product["unit"], _options.KgUnitIds),
            ["stock"] = _locationStock.GetValueOrDefault(product["number"]!.ToString()).ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>EAN-8, UPC-A, EAN-13 or GTIN-14 (spaces and dashes ignored) as a GTIN-14 with a valid check digit; else null.</summary>
    internal static string? NormaliseGtin(string? barcode)
    {
        var digits = new string((barcode ?? "").Where(c => c is not (' ' or '-')).ToArray());
        if (digits.Length is not (8 or 12 or 13 or 14) || !digits.All(char.IsAsciiDigit))
        {
            return null;
        }

        var gtin = digits.PadLeft(14, '0');
        return ContractGtin.IsValid(gtin, out _) ? gtin : null;
    }

    private static HttpResponseMessage Forward(UpstreamReply reply, string what) => reply switch
    {
        UpstreamReply.Answered { Code: 404 } => Json(HttpStatusCode.NotFound, new JsonObject { ["error"] = "unknown-product", ["reason"] = $"Rackbeat does not know the {what}" }),
        UpstreamReply.Answered a => Json(a.Code is 401 or 403 or 429 ? (HttpStatusCode)a.Code : HttpStatusCode.BadGateway, new JsonObject { ["error"] = "rackbeat", ["reason"] = $"{what}: {RackbeatClient.Reason(a)}" }),
        UpstreamReply.Unreachable u => Json(HttpStatusCode.BadGateway, new JsonObject { ["error"] = "rackbeat", ["reason"] = $"{what}: {u.Reason}" }),
        _ => throw new InvalidOperationException("Unknown reply kind."),
    };
}
