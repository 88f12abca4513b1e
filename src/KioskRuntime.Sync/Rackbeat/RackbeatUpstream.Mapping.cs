using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using KioskRuntime.Domain;
using KioskRuntime.Sync.Http;

namespace KioskRuntime.Sync.Rackbeat;

/// <summary>Events onto Rackbeat (sale, return, stock adjustment), and the step, lookup and answer helpers they share.</summary>
public sealed partial class RackbeatUpstream
{
    private async Task<Delivery> DeliverAsync(long seq, string id, string type, JsonElement payload, CancellationToken ct)
    {
        var record = Record(seq) ?? new RackbeatEventDocument { Seq = seq, EventId = id, Reference = "KRT-" + (Guid.TryParse(id, out var g) ? g.ToString("N") : id) };
        try
        {
            return type switch
            {
                EventTypes.Sale => await SaleAsync(record, payload, ct).ConfigureAwait(false),
                EventTypes.Return => await ReturnAsync(record, payload, ct).ConfigureAwait(false),
                EventTypes.StockAdjustment => await StockAdjustmentAsync(record, payload, ct).ConfigureAwait(false),
                _ => Delivery.Ok, // the contract: an upstream stores a type it does not know and ignores it
            };
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return new Delivery.Refused($"the event cannot be mapped to Rackbeat: {ex.Message}");
        }
        catch (JsonException ex)
        {
            // A 2xx whose body is not JSON (a proxy page?): not trusted; a step in flight stays pending.
            return new Delivery.Retry(Ambiguous, null, $"Rackbeat answered something that is not JSON: {ex.Message}");
        }
    }

    /// <summary>
    /// Sends one step: <paramref name="step"/> is committed as pending first; a definite refusal clears it, a lost answer (timeout,
    /// reset, 5xx) leaves it so the next attempt reads Rackbeat before sending again. On success the caller records the id and
    /// calls <see cref="DoneAsync"/>.
    /// </summary>
    private async Task<(JsonNode? Body, Delivery? Failure)> StepAsync(RackbeatEventDocument record, string step, Func<Task<UpstreamReply>> send, CancellationToken ct)
    {
        record.Pending = step;
        await SaveAsync(record, ct).ConfigureAwait(false);
        var reply = await send().ConfigureAwait(false);
        if (Failed(reply, out var failure))
        {
            if (failure is not Delivery.Retry { Status: var status } || status != Ambiguous)
            {
                record.Pending = null;
                await SaveAsync(record, ct).ConfigureAwait(false);
            }

            return (null, failure);
        }

        return (Node(reply), null);
    }

    private Task DoneAsync(RackbeatEventDocument record, CancellationToken ct)
    {
        record.Pending = null;
        return SaveAsync(record, ct);
    }

    /// <summary>A single resource (<c>{key: {...}}</c>).</summary>
    private async Task<(JsonNode? Item, Delivery? Failure)> ReadAsync(string relative, string key, CancellationToken ct)
    {
        var reply = await _rackbeat.GetAsync(relative, ct).ConfigureAwait(false);
        if (Failed(reply, out var failure))
        {
            return (null, failure as Delivery.Retry ?? new Delivery.Retry(Ambiguous, null, $"reading {relative}: {((Delivery.Refused)failure).Reason}"));
        }

        return Node(reply)?[key] is { } item ? (item, null) : (null, new Delivery.Retry(Ambiguous, null, $"reading {relative}: the answer has no \"{key}\""));
    }

    /// <summary>Pages through a list (206, <c>pages</c>) until <paramref name="match"/> holds; a lookup that cannot finish is a retry.</summary>
    private async Task<(JsonObject? Match, Delivery.Retry? Retry)> FindAsync(string query, string key, Func<JsonObject, bool> match, CancellationToken ct)
    {
        var separator = query.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        for (var page = 1; page <= 100; page++)
        {
            var relative = Invariant($"{query}{separator}limit=100&page={page}");
            var reply = await _rackbeat.GetAsync(relative, ct).ConfigureAwait(false);
            if (Failed(reply, out var failure))
            {
                return (null, failure as Delivery.Retry ?? new Delivery.Retry(Ambiguous, null, $"lookup {relative}: {((Delivery.Refused)failure).Reason}"));
            }

            var node = Node(reply);
            if (node?[key] is not JsonArray items)
            {
                return (null, new Delivery.Retry(Ambiguous, null, $"lookup {relative}: the answer has no \"{key}\" list"));
            }

            if (items.OfType<JsonObject>().FirstOrDefault(match) is { } found)
            {
                return (found, null);
            }

            if (page >= (node["pages"]?.GetValue<int>() ?? 1))
            {
                break;
            }
        }

        return (null, null);
    }

    /// <summary>Sorts a Rackbeat answer: success (false), a refusal for good, or something to retry.</summary>
    private static bool Failed(UpstreamReply reply, out Delivery failure)
    {
        switch (reply)
        {
            case UpstreamReply.Answered { Code: >= 200 and < 300 }:
                failure = Delivery.Ok;
                return false;
            case UpstreamReply.Answered { Code: 401 or 403 } a:
                failure = new Delivery.Retry((HttpStatusCode)a.Code, null, RackbeatClient.Reason(a));
                return true;
            case UpstreamReply.Answered { Code: 429 } a:
                failure = new Delivery.Retry(HttpStatusCode.TooManyRequests, a.RetryAfter, RackbeatClient.Reason(a));
                return true;
            case UpstreamReply.Answered { Code: 400 or 404 or 422 } a:
                failure = new Delivery.Refused(RackbeatClient.Reason(a));
                return true;
            case UpstreamReply.Answered a:
                failure = new Delivery.Retry(Ambiguous, a.RetryAfter, RackbeatClient.Reason(a) + " (outcome unknown)");
                return true;
            case UpstreamReply.Unreachable u:
                failure = new Delivery.Retry(Ambiguous, null, u.Reason + " (outcome unknown)");
                return true;
            default:
                throw new InvalidOperationException("Unknown reply kind.");
        }
    }

    private JsonObject OrderLine(JsonElement payload, (string Gtin, decimal Quantity) line)
    {
        var source = payload.GetProperty("lines").EnumerateArray().First(l => Text(l, "gtin") == line.Gtin);
        var unitPrice = Quantity(source, "unitPrice");
        var vatRate = Quantity(source, "vatRate");
        return new JsonObject
        {
            ["item_id"] = ProductNumber(line.Gtin),
            ["name"] = Text(source, "name"),
            ["quantity"] = line.Quantity,
            // line_price is the unit price without VAT (facts #8); the kiosk's prices include it.
            ["line_price"] = decimal.Round(unitPrice * 100m / (100m + vatRate), 2, MidpointRounding.AwayFromZero),
            ["vat_percentage"] = vatRate,
        };
    }

    private string ProductNumber(string gtin) =>
        _options.ProductNumbers.TryGetValue(gtin, out var number) ? number
        : _journal.GetState<CatalogDocument>(SyncCollections.Catalog, gtin) is { Sku.Length: > 0 } product ? product.Sku
        : gtin;

    /// <summary>Lines as (gtin, signed quantity), summed per GTIN in first-seen order.</summary>
    private static List<(string Gtin, decimal Quantity)> Lines(JsonElement payload, int sign)
    {
        var lines = new List<(string Gtin, decimal Quantity)>();
        foreach (var line in payload.GetProperty("lines").EnumerateArray())
        {
            var gtin = Text(line, "gtin");
            var quantity = sign * Quantity(line, "qty");
            var at = lines.FindIndex(l => l.Gtin == gtin);
            if (at >= 0)
            {
                lines[at] = (gtin, lines[at].Quantity + quantity);
            }
            else
            {
                lines.Add((gtin, quantity));
            }
        }

        return lines;
    }

    private static string Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()
        : throw new KeyNotFoundException($"payload.{name} is missing");

    private static decimal Quantity(JsonElement obj, string name) =>
        decimal.TryParse(Text(obj, name), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var q)
            ? q
            : throw new FormatException($"payload.{name} is not a decimal string");

    private static JsonNode? Node(UpstreamReply reply) =>
        reply is UpstreamReply.Answered a && a.Body.Length > 0 ? JsonNode.Parse(a.Body) : null;
}
