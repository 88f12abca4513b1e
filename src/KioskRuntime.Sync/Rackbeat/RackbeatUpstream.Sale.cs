using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Sync.Rackbeat;

/// <summary>
/// A sale as a resumable state machine: draft (reference in the note) → KioskRef field (Premium) → book (reserves) → create shipment →
/// mark shipped with pick → convert to invoice and book. Each Rackbeat id is committed to the journal before the next request;
/// a step whose answer was lost is marked <see cref="RackbeatEventDocument.Pending"/> first, and resolved on the next attempt by
/// reading what Rackbeat holds (lookup of the draft, <c>GET orders/{n}</c>, shipment, invoice) before anything is sent again.
/// </summary>
public sealed partial class RackbeatUpstream
{
    private async Task<Delivery> SaleAsync(RackbeatEventDocument record, JsonElement payload, CancellationToken ct)
    {
        if (record.Pending is not null)
        {
            var resolved = record.OrderNumber is null ? await FindDraftAsync(record, ct).ConfigureAwait(false) : await RefreshSaleAsync(record, ct).ConfigureAwait(false);
            if (resolved is not null)
            {
                return resolved;
            }
        }

        if (record.OrderNumber is null)
        {
            var lines = Lines(payload, 1);
            record.Sold = lines.GroupBy(l => ProductNumber(l.Gtin), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity), StringComparer.Ordinal);
            record.DraftDay = Today();
            var draft = new JsonObject
            {
                ["customer_id"] = _options.CustomerNumber,
                ["currency"] = Text(payload, "currency"),
                ["heading"] = $"Kiosk {_options.KioskId} kvittering {Text(payload, "receiptNo")}",
                ["note"] = record.Reference,
                ["order_date"] = record.DraftDay,
                ["lines"] = new JsonArray([.. lines.Select(l => (JsonNode)OrderLine(payload, l))]),
            };
            var (created, failure) = await StepAsync(record, "draft", () => _rackbeat.PostAsync("orders/drafts", draft, ct), ct).ConfigureAwait(false);
            if (failure is not null)
            {
                return failure;
            }

            record.OrderNumber = created?["order"]?["number"]?.GetValue<long>() ?? throw new InvalidOperationException("Rackbeat's answer to the draft order has no order.number");
            await DoneAsync(record, ct).ConfigureAwait(false);
        }

        var n = record.OrderNumber.Value;
        if (_options.KioskRefFieldId is { } field && !record.FieldSet)
        {
            var body = new JsonObject { ["custom_fields"] = new JsonArray(new JsonObject { ["id"] = field, ["value"] = record.Reference }) };
            var (_, failure) = await StepAsync(record, "fields", () => _rackbeat.PutAsync(Invariant($"orders/{n}/fields"), body, ct), ct).ConfigureAwait(false);
            if (failure is not null)
            {
                return failure;
            }

            record.FieldSet = true;
            await DoneAsync(record, ct).ConfigureAwait(false);
        }

        if (!record.Booked)
        {
            var (_, failure) = await StepAsync(record, "book", () => _rackbeat.PostAsync(Invariant($"orders/{n}/book"), new JsonObject { ["mail"] = new JsonObject { ["send"] = false } }, ct), ct).ConfigureAwait(false);
            if (failure is not null)
            {
                return failure;
            }

            record.Booked = true;
            await DoneAsync(record, ct).ConfigureAwait(false);
        }

        if (record.ShipmentId is null && !record.Shipped)
        {
            var (shipment, failure) = await StepAsync(record, "shipment", () => _rackbeat.PostAsync(Invariant($"orders/{n}/create-shipment"), new JsonObject(), ct), ct).ConfigureAwait(false);
            if (failure is not null)
            {
                return failure;
            }

            record.ShipmentId = shipment?["order_shipment"]?["id"]?.GetValue<long>() ?? throw new InvalidOperationException("Rackbeat's answer to create-shipment has no order_shipment.id");
            await DoneAsync(record, ct).ConfigureAwait(false);
        }

        if (!record.Shipped)
        {
            var (_, failure) = await StepAsync(record, "ship", () => _rackbeat.PostAsync(Invariant($"orders/shipments/{record.ShipmentId}/mark-shipped"), new JsonObject { ["pick"] = true }, ct), ct).ConfigureAwait(false);
            if (failure is not null)
            {
                return failure;
            }

            record.Shipped = true;
            await DoneAsync(record, ct).ConfigureAwait(false);
        }

        if (record.InvoiceId is null)
        {
            var (invoice, failure) = await StepAsync(record, "invoice", () => _rackbeat.PostAsync(Invariant($"orders/{n}/convert-to-invoice?book=true"), new JsonObject(), ct), ct).ConfigureAwait(false);
            if (failure is not null)
            {
                return failure;
            }

            record.InvoiceId = invoice?["invoice_id"]?.GetValue<long>() ?? throw new InvalidOperationException("Rackbeat's answer to convert-to-invoice has no invoice_id");
            record.InvoiceBooked = true;
            await DoneAsync(record, ct).ConfigureAwait(false);
        }

        if (!record.InvoiceBooked)
        {
            var (_, failure) = await StepAsync(record, "invoicebook", () => _rackbeat.PostAsync(Invariant($"customer-invoices/{record.InvoiceId}/book"), new JsonObject { ["mail"] = new JsonObject { ["send"] = false } }, ct), ct).ConfigureAwait(false);
            if (failure is not null)
            {
                return failure;
            }

            record.InvoiceBooked = true;
            await DoneAsync(record, ct).ConfigureAwait(false);
        }

        return Delivery.Ok;
    }

    /// <summary>
    /// After a draft whose answer was lost: the order with our reference, by the KioskRef field (<c>field_eq</c>) where configured,
    /// else (and also, since the field is written after the draft) by <c>search=</c> on the reference with the draft's date, matched
    /// exactly on the note. Null when resolved (found or not); a retry when Rackbeat could not be asked.
    /// </summary>
    private async Task<Delivery?> FindDraftAsync(RackbeatEventDocument record, CancellationToken ct)
    {
        var queries = new List<string>();
        if (_options.KioskRefFieldId is { } field)
        {
            queries.Add(Invariant($"orders?field_eq[{field}]={Uri.EscapeDataString(record.Reference)}"));
        }

        var day = record.DraftDay ?? Today();
        queries.Add($"orders?search={Uri.EscapeDataString(record.Reference)}&date_from={day}");
        foreach (var query in queries)
        {
            var (match, retry) = await FindAsync(query, "orders", o => o["note"]?.GetValue<string>() == record.Reference, ct).ConfigureAwait(false);
            if (retry is not null)
            {
                return retry;
            }

            if (match is not null)
            {
                record.OrderNumber = match["number"]!.GetValue<long>();
                _logger.LogInformation("Rackbeat already holds order {Number} for seq {Seq} (reference {Reference}): not created again", record.OrderNumber, record.Seq, record.Reference);
                ReadOrder(record, match);
                break;
            }
        }

        await DoneAsync(record, ct).ConfigureAwait(false);
        return null;
    }

    /// <summary>After a lost answer on an order step: <c>GET orders/{n}</c> (and the shipment, the invoice) say what was done.</summary>
    private async Task<Delivery?> RefreshSaleAsync(RackbeatEventDocument record, CancellationToken ct)
    {
        var (order, failure) = await ReadAsync(Invariant($"orders/{record.OrderNumber}"), "order", ct).ConfigureAwait(false);
        if (failure is not null)
        {
            return failure;
        }

        ReadOrder(record, order!);
        if (record.ShipmentId is { } shipment && !record.Shipped)
        {
            var (found, shipFailure) = await ReadAsync(Invariant($"orders/shipments/{shipment}"), "order_shipment", ct).ConfigureAwait(false);
            if (shipFailure is not null)
            {
                return shipFailure;
            }

            record.Shipped = found!["is_shipped"]?.GetValue<bool>() == true;
        }

        if (record.InvoiceId is { } invoice && !record.InvoiceBooked)
        {
            var (found, invoiceFailure) = await ReadAsync(Invariant($"customer-invoices/{invoice}"), "customer_invoice", ct).ConfigureAwait(false);
            if (invoiceFailure is not null)
            {
                return invoiceFailure;
            }

            record.InvoiceBooked = found!["is_booked"]?.GetValue<bool>() == true;
        }

        _logger.LogInformation("Rackbeat order {Number} (seq {Seq}) re-read after a lost answer on {Step}: booked {Booked}, shipped {Shipped}, invoice {Invoice}",
            record.OrderNumber, record.Seq, record.Pending, record.Booked, record.Shipped, record.InvoiceId);
        await DoneAsync(record, ct).ConfigureAwait(false);
        return null;
    }

    private void ReadOrder(RackbeatEventDocument record, JsonNode order)
    {
        record.Booked |= order["is_booked"]?.GetValue<bool>() == true;
        record.Shipped |= order["is_shipped"]?.GetValue<bool>() == true;
        if (order["shipments"] is JsonArray { Count: > 0 } shipments)
        {
            record.ShipmentId ??= shipments[0]!["id"]!.GetValue<long>();
        }

        if (order["invoice_id"] is JsonValue invoice && invoice.TryGetValue<long>(out var id))
        {
            record.InvoiceId ??= id;
        }

        if (_options.KioskRefFieldId is { } field && order["field_values"] is JsonArray values)
        {
            record.FieldSet |= values.Any(v => v?["field_id"]?.GetValue<int>() == field && v["value"]?.GetValue<string>() == record.Reference);
        }
    }

    private string Today() => _time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static readonly HttpStatusCode Ambiguous = HttpStatusCode.BadGateway;
}
