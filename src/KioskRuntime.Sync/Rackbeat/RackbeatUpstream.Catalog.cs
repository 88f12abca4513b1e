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
/// GTIN-14; price including VAT from <c>sales_price</c> (net) and <c>vat_percentage</c>; live stock from the kiosk's location.
/// </summary>
public sealed partial class RackbeatUpstream
{
    private static readonly TimeSpan FullPullEvery = TimeSpan.FromHours(6);
    private readonly Dictionary<string, JsonObject> _products = new(StringComparer.Ordinal);
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

        if (full)
        {
            _products.Clear();
            _fullPullAt = started;
        }

        foreach (var product in pulled)
        {
            if (product["number"]?.ToString() is { Length: > 0 } number)
            {
                _products[number] = product;
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
        var reply = await _rackbeat.GetAsync($"products/{Uri.EscapeDataString(number)}/locations?limit=1000", ct).ConfigureAwait(false);
        if (reply is not UpstreamReply.Answered { Code: 200 or 206 } ok)
        {
            return Forward(reply, $"stock of {number}");
        }

        var location = (JsonNode.Parse(ok.Body)?["product_locations"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(l => l["number"]?.ToString() == _options.LocationNumber);
        var onHand = location?["stock_quantity"]?.GetValue<decimal>() ?? 0m;
        return Json(HttpStatusCode.OK, new JsonObject
        {
            ["gtin"] = gtin,
            ["stock"] = onHand.ToString(CultureInfo.InvariantCulture),
            ["asOf"] = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        });
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
            ["unit"] = "pcs",
            ["stock"] = (product["stock_quantity"]?.GetValue<decimal>() ?? 0m).ToString(CultureInfo.InvariantCulture),
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
