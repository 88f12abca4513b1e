using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using KioskRuntime.Domain;
using KioskRuntime.Sync.Http;
using KioskRuntime.Sync.Rackbeat;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Sync.Rackbeat;

/// <summary>
/// Events onto Rackbeat: a sale becomes a draft order (reference = our event id) that is then booked; a return and a stock
/// adjustment become one inventory adjustment per line. Every create is preceded, after an ambiguous outcome, by a lookup of its
/// reference, and every step is recorded before the next, so no retry creates twice.
/// </summary>
internal sealed partial class RackbeatUpstream
{
    private async Task<Delivery> DeliverAsync(long seq, string id, string type, JsonElement payload, CancellationToken ct)
    {
        var record = Record(seq) ?? new RackbeatEventDocument { Seq = seq, EventId = id, Reference = "KRT-" + (Guid.TryParse(id, out var g) ? g.ToString("N") : id) };
        try
        {
            return type switch
            {
                EventTypes.Sale => await SaleAsync(record, payload, ct).ConfigureAwait(false),
                EventTypes.Return => await AdjustAsync(record, Lines(payload, +1), "sales", $"Kiosk {_options.KioskId} retur {Text(payload, "receiptNo")}", ct).ConfigureAwait(false),
                EventTypes.StockAdjustment => await AdjustAsync(record, [(Text(payload, "gtin"), Quantity(payload, "delta"))], Category(Text(payload, "reason")),
                    $"Kiosk {_options.KioskId} {Text(payload, "reason")} ({Text(payload, "staffId")})", ct).ConfigureAwait(false),
                _ => Delivery.Ok, // the contract: an upstream stores a type it does not know and ignores it
            };
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return new Delivery.Refused($"the event cannot be mapped to Rackbeat: {ex.Message}");
        }
        catch (JsonException ex)
        {
            // A 2xx whose body is not JSON (a proxy page?): not trusted; any create in flight stays marked ambiguous.
            return new Delivery.Retry(HttpStatusCode.BadGateway, null, $"Rackbeat answered something that is not JSON: {ex.Message}");
        }
    }

    private async Task<Delivery> SaleAsync(RackbeatEventDocument record, JsonElement payload, CancellationToken ct)
    {
        if (record.OrderNumber is null && record.CreateAmbiguous)
        {
            var found = await FindAsync("orders", "orders", "other_reference", record.Reference, ct).ConfigureAwait(false);
            if (found.Retry is { } lookupFailed)
            {
                return lookupFailed;
            }

            if (found.Match is { } order)
            {
                record.OrderNumber = order["number"]!.GetValue<long>();
                record.Booked = order["is_booked"]?.GetValue<bool>() == true;
                _logger.LogInformation("Rackbeat already holds order {Number} for seq {Seq} (reference {Reference}): not created again", record.OrderNumber, record.Seq, record.Reference);
            }

            record.CreateAmbiguous = false;
            await SaveAsync(record, ct).ConfigureAwait(false);
        }

        if (record.OrderNumber is null)
        {
            var draft = new JsonObject
            {
                ["customer_id"] = _options.CustomerNumber,
                ["currency"] = Text(payload, "currency"),
                ["other_reference"] = record.Reference,
                ["their_reference"] = $"Kiosk {_options.KioskId} kvittering {Text(payload, "receiptNo")}",
                ["lines"] = new JsonArray(Lines(payload, 1).Select(l => (JsonNode)OrderLine(payload, l)).ToArray()),
            };
            record.CreateAmbiguous = true; // recorded before the request: if the answer is lost, the next try looks first
            await SaveAsync(record, ct).ConfigureAwait(false);
            var created = await _rackbeat.PostAsync("orders/drafts", draft, ct).ConfigureAwait(false);
            if (Failed(created, out var failure))
            {
                if (failure is not Delivery.Retry { Status: HttpStatusCode.BadGateway })
                {
                    record.CreateAmbiguous = false; // a definite answer: nothing was created
                    await SaveAsync(record, ct).ConfigureAwait(false);
                }

                return failure;
            }

            record.OrderNumber = Node(created)?["order"]?["number"]?.GetValue<long>()
                                 ?? throw new InvalidOperationException("Rackbeat's answer to the draft order has no order.number");
            record.CreateAmbiguous = false;
            await SaveAsync(record, ct).ConfigureAwait(false);
        }

        if (!record.Booked)
        {
            var booked = await _rackbeat.PostAsync(Invariant($"orders/{record.OrderNumber}/book"), new JsonObject { ["mail"] = new JsonObject { ["send"] = false } }, ct).ConfigureAwait(false);
            if (booked is UpstreamReply.Answered { Code: 409 or 422 } conflict && await IsBookedAsync(record.OrderNumber.Value, ct).ConfigureAwait(false))
            {
                _logger.LogInformation("Rackbeat order {Number} was already booked ({Status})", record.OrderNumber, conflict.Code);
            }
            else if (Failed(booked, out var failure))
            {
                return failure;
            }

            record.Booked = true;
            await SaveAsync(record, ct).ConfigureAwait(false);
        }

        return Delivery.Ok;
    }

    private async Task<Delivery> AdjustAsync(RackbeatEventDocument record, IReadOnlyList<(string Gtin, decimal Quantity)> lines, string category, string note, CancellationToken ct)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var reference = Invariant($"{record.Reference}-{i + 1}");
            if (record.AdjustmentsDone.Contains(reference))
            {
                continue;
            }

            if (record.AdjustmentsAmbiguous.Contains(reference))
            {
                var found = await FindAsync("inventory-adjustments", "inventory_adjustments", "reference", reference, ct).ConfigureAwait(false);
                if (found.Retry is { } lookupFailed)
                {
                    return lookupFailed;
                }

                record.AdjustmentsAmbiguous.Remove(reference);
                if (found.Match is not null)
                {
                    record.AdjustmentsDone.Add(reference);
                    await SaveAsync(record, ct).ConfigureAwait(false);
                    continue;
                }
            }

            var (gtin, quantity) = lines[i];
            var adjustment = new JsonObject
            {
                ["item_number"] = ProductNumber(gtin),
                ["quantity"] = quantity,
                ["category"] = category,
                ["reference"] = reference,
                ["note"] = note,
            };
            if (_options.LocationNumber is { } location)
            {
                adjustment["location_number"] = location;
            }

            record.AdjustmentsAmbiguous.Add(reference);
            await SaveAsync(record, ct).ConfigureAwait(false);
            var created = await _rackbeat.PostAsync("inventory-adjustments", adjustment, ct).ConfigureAwait(false);
            if (Failed(created, out var failure))
            {
                if (failure is not Delivery.Retry { Status: HttpStatusCode.BadGateway })
                {
                    record.AdjustmentsAmbiguous.Remove(reference);
                    await SaveAsync(record, ct).ConfigureAwait(false);
                }

                return failure;
            }

            record.AdjustmentsAmbiguous.Remove(reference);
            record.AdjustmentsDone.Add(reference);
            await SaveAsync(record, ct).ConfigureAwait(false);
        }

        return Delivery.Ok;
    }

    /// <summary>Looks a reference up with Rackbeat's <c>search</c> filter, paging, matching the field exactly.</summary>
    private async Task<(JsonObject? Match, Delivery.Retry? Retry)> FindAsync(string resource, string collectionKey, string field, string reference, CancellationToken ct)
    {
        for (var page = 1; page <= 50; page++)
        {
            var reply = await _rackbeat.GetAsync(Invariant($"{resource}?search={Uri.EscapeDataString(reference)}&limit=50&page={page}"), ct).ConfigureAwait(false);
            if (Failed(reply, out var failure))
            {
                return (null, failure as Delivery.Retry ?? new Delivery.Retry(HttpStatusCode.BadGateway, null, $"lookup of {reference}: {((Delivery.Refused)failure).Reason}"));
            }

            var node = Node(reply);
            if (node?[collectionKey] is not JsonArray items)
            {
                return (null, new Delivery.Retry(HttpStatusCode.BadGateway, null, $"lookup of {reference}: the answer has no \"{collectionKey}\" list"));
            }

            if (items.OfType<JsonObject>().FirstOrDefault(o => o[field]?.GetValue<string>() == reference) is { } match)
            {
                return (match, null);
            }

            var pages = node["pages"]?.GetValue<int>() ?? 1;
            if (page >= pages)
            {
                break;
            }
        }

        return (null, null);
    }

    private async Task<bool> IsBookedAsync(long number, CancellationToken ct)
    {
        var reply = await _rackbeat.GetAsync(Invariant($"orders/{number}"), ct).ConfigureAwait(false);
        return reply is UpstreamReply.Answered { Code: 200 } && Node(reply)?["order"]?["is_booked"]?.GetValue<bool>() == true;
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
                failure = new Delivery.Retry(HttpStatusCode.BadGateway, a.RetryAfter, RackbeatClient.Reason(a) + " (outcome unknown)");
                return true;
            case UpstreamReply.Unreachable u:
                failure = new Delivery.Retry(HttpStatusCode.BadGateway, null, u.Reason + " (outcome unknown)");
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
            ["description"] = Text(source, "name"),
            ["quantity"] = line.Quantity,
            // Rackbeat line prices exclude VAT; the kiosk's include it.
            ["line_price"] = decimal.Round(unitPrice * 100m / (100m + vatRate), 2, MidpointRounding.AwayFromZero),
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

    private static string Category(string reason) => reason switch
    {
        "damage" or "theft" => "waste",
        "received" => "purchases",
        _ => "status",
    };

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
