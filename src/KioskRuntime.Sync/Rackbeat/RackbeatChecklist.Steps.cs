using System.Text.Json.Nodes;
using KioskRuntime.Sync.Http;

namespace KioskRuntime.Sync.Rackbeat;

/// <summary>The checklist's steps: the sale sequence, the credit note, lookups, the adjustment, the unconfirmed shapes.</summary>
public sealed partial class RackbeatChecklist
{
    private sealed record CheckedOrder(long Number, long? Invoice);

    private async Task<CheckedOrder?> SaleSequenceAsync(string item, decimal before, string reference, CancellationToken ct)
    {
        var draft = new JsonObject
        {
            ["customer_id"] = _options.CustomerNumber,
            ["heading"] = "KioskRuntime sandbox check",
            ["note"] = reference,
            ["lines"] = new JsonArray(new JsonObject { ["item_id"] = item, ["quantity"] = 1, ["line_price"] = 10.00m }),
        };
        var (created, error) = await PostAsync("orders/drafts", draft, ct).ConfigureAwait(false);
        if (created?["order"]?["number"]?.GetValue<long>() is not { } number)
        {
            Add("POST orders/drafts {customer_id, heading, note, lines[item_id, quantity, line_price]}", "differs", error ?? "no order.number in the answer");
            return null;
        }

        var line = created["order"]?["lines"]?[0];
        Add("line_price is the net unit price as sent", line?["line_price"]?.GetValue<decimal>() == 10.00m ? "ok" : "differs", $"sent 10.00, order line holds {line?["line_price"]?.ToJsonString() ?? "nothing"}");
        var moved = new List<string>();
        async Task StepAsync(string name, string path, JsonObject body)
        {
            var (_, stepError) = await PostAsync(path, body, ct).ConfigureAwait(false);
            var now = await OnHandAsync(item, ct).ConfigureAwait(false);
            moved.Add($"{name}: {(stepError is null ? "" : stepError + ", ")}on-hand {now}");
            if (now != before && !moved.Any(m => m.StartsWith("moved at", StringComparison.Ordinal)))
            {
                moved.Insert(0, $"moved at {name}");
            }
        }

        await StepAsync("book", Invariant($"orders/{number}/book"), new JsonObject { ["mail"] = new JsonObject { ["send"] = false } }).ConfigureAwait(false);
        var (shipment, shipError) = await PostAsync(Invariant($"orders/{number}/create-shipment"), new JsonObject(), ct).ConfigureAwait(false);
        if (shipment?["order_shipment"]?["id"]?.GetValue<long>() is { } id)
        {
            await StepAsync("mark-shipped", Invariant($"orders/shipments/{id}/mark-shipped"), new JsonObject { ["pick"] = true }).ConfigureAwait(false);
        }
        else
        {
            moved.Add("create-shipment: " + (shipError ?? "no order_shipment.id"));
        }

        var (invoice, invoiceError) = await PostAsync(Invariant($"orders/{number}/convert-to-invoice?book=true"), new JsonObject(), ct).ConfigureAwait(false);
        var after = await OnHandAsync(item, ct).ConfigureAwait(false);
        moved.Add($"convert-to-invoice?book=true: {invoiceError ?? "invoice " + invoice?["invoice_id"]}, on-hand {after}");
        if (after != before && !moved.Any(m => m.StartsWith("moved at", StringComparison.Ordinal)))
        {
            moved.Insert(0, "moved at invoice");
        }

        var expected = _options.StockMode == RackbeatStockMode.Shipment ? "moved at mark-shipped" : "moved at invoice";
        var exactlyOnce = after == before - 1;
        Add($"on-hand after book / ship / invoice (configured: stock on {_options.StockMode.ToString().ToLowerInvariant()})",
            exactlyOnce && moved[0] == expected ? "ok" : "differs", $"before {before}; " + string.Join("; ", moved));
        return new CheckedOrder(number, invoice?["invoice_id"]?.GetValue<long>());
    }

    private async Task CreditNoteAsync(string item, long invoice, CancellationToken ct)
    {
        var before = await OnHandAsync(item, ct).ConfigureAwait(false);
        var body = new JsonObject { ["lines"] = new JsonArray(new JsonObject { ["item_id"] = item, ["quantity"] = 1 }) };
        var (note, error) = await PostAsync(Invariant($"customer-invoices/{invoice}/create-creditnote"), body, ct).ConfigureAwait(false);
        if (note?["customer_invoice"]?["number"]?.GetValue<long>() is not { } number)
        {
            Add("POST customer-invoices/{n}/create-creditnote {lines}", "differs", error ?? "no customer_invoice.number");
            return;
        }

        var (_, bookError) = await PostAsync(Invariant($"customer-invoices/{number}/book"), new JsonObject { ["reverse_inventory"] = true, ["mail"] = new JsonObject { ["send"] = false } }, ct).ConfigureAwait(false);
        var after = await OnHandAsync(item, ct).ConfigureAwait(false);
        Add("credit note booked with reverse_inventory puts stock back", after == before + 1 ? "ok" : "differs", $"credit note {number}: {bookError ?? "booked"}, on-hand {before} → {after}");
    }

    private async Task LookupsAsync(long? order, string reference, CancellationToken ct)
    {
        var search = await _client.GetAsync($"orders?search={Uri.EscapeDataString(reference)}&limit=20", ct).ConfigureAwait(false);
        var found = search is UpstreamReply.Answered { Code: 200 or 206 } s && (JsonNode.Parse(s.Body)?["orders"] as JsonArray ?? []).Any(o => o?["note"]?.ToString() == reference);
        Add("search= finds an order by its note (the lookup without Premium)", found ? "ok" : "differs", found ? $"order {order} found" : "not found: the lookup must page by date instead");
        if (_options.KioskRefFieldId is not { } field || order is null)
        {
            Add("field_eq on the KioskRef custom field", "unknown", "no --kiosk-ref-field given (Premium accounts only)");
            return;
        }

        var body = new JsonObject { ["custom_fields"] = new JsonArray(new JsonObject { ["id"] = field, ["value"] = reference }) };
        var put = await _client.PutAsync(Invariant($"orders/{order}/fields"), body, ct).ConfigureAwait(false);
        var eq = await _client.GetAsync(Invariant($"orders?field_eq[{field}]={Uri.EscapeDataString(reference)}&limit=5"), ct).ConfigureAwait(false);
        var byField = eq is UpstreamReply.Answered { Code: 200 or 206 } e && (JsonNode.Parse(e.Body)?["orders"] as JsonArray ?? []).Any(o => o?["number"]?.GetValue<long>() == order);
        Add("PUT orders/{n}/fields then field_eq finds it", byField ? "ok" : "differs", $"PUT {Describe(put)}; field_eq {(byField ? "found" : "not found")}");
    }

    private async Task AdjustmentAsync(string item, CancellationToken ct)
    {
        var before = await OnHandAsync(item, ct).ConfigureAwait(false) ?? 0m;
        async Task<string> AdjustAsync(decimal target)
        {
            var body = new JsonObject
            {
                ["item_id"] = item,
                ["adjustment_type"] = "quantity",
                ["quantity"] = target,
                ["location"] = _options.LocationNumber,
                ["regulated_at"] = _time.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                ["reason"] = "Status: KioskRuntime sandbox check",
            };
            var (created, error) = await PostAsync("inventory-adjustments", body, ct).ConfigureAwait(false);
            if (created?["inventory_regulation"]?["id"]?.GetValue<long>() is not { } id)
            {
                return error ?? "no inventory_regulation.id";
            }

            var (_, bookError) = await PostAsync(Invariant($"inventory-adjustments/{id}/book"), new JsonObject(), ct).ConfigureAwait(false);
            return bookError ?? Invariant($"adjustment {id} booked");
        }

        var up = await AdjustAsync(before + 1).ConfigureAwait(false);
        var after = await OnHandAsync(item, ct).ConfigureAwait(false);
        var verdict = after == before + 1 ? "ok" : after == 2 * before + 1 ? "differs" : "unknown";
        var back = after is { } changed && changed != before ? await AdjustAsync(before).ConfigureAwait(false) : "nothing to restore";
        Add("adjustment quantity is the absolute target", verdict, $"on-hand {before}, sent quantity {before + 1}: {up}, on-hand {after} (relative would give {2 * before + 1}); restored: {back}");
        var (_, zero) = await PostAsync("inventory-adjustments", new JsonObject
        {
            ["item_id"] = item, ["adjustment_type"] = "quantity", ["quantity"] = before, ["location"] = _options.LocationNumber,
            ["regulated_at"] = _time.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["reason"] = "Status: KioskRuntime sandbox check",
        }, ct).ConfigureAwait(false);
        Add("a zero change is refused", zero is not null ? "ok" : "differs", zero ?? "accepted (an empty draft may now exist)");
    }

    private async Task UnconfirmedShapesAsync(string item, CancellationToken ct)
    {
        var (decimalDraft, decimalError) = await PostAsync("orders/drafts", new JsonObject
        {
            ["customer_id"] = _options.CustomerNumber,
            ["heading"] = "KioskRuntime sandbox check (decimal, not booked)",
            ["lines"] = new JsonArray(new JsonObject { ["item_id"] = item, ["quantity"] = 0.5m }),
        }, ct).ConfigureAwait(false);
        Add("decimal quantities (0.5) on an order line", decimalDraft is not null ? "ok" : "differs", decimalError ?? $"draft {decimalDraft?["order"]?["number"]} holds {decimalDraft?["order"]?["lines"]?[0]?["quantity"]}");
        const long Chosen = 987654321;
        var (numbered, numberError) = await PostAsync("orders/drafts", new JsonObject
        {
            ["customer_id"] = _options.CustomerNumber,
            ["number"] = Chosen,
            ["heading"] = "KioskRuntime sandbox check (own number, not booked)",
            ["lines"] = new JsonArray(new JsonObject { ["item_id"] = item, ["quantity"] = 1 }),
        }, ct).ConfigureAwait(false);
        var got = numbered?["order"]?["number"]?.GetValue<long>();
        Add("client-chosen order number (the kiosk does not rely on it)", "info", numberError ?? $"sent {Chosen}, got {got}: {(got == Chosen ? "honoured" : "ignored")}");
    }

    /// <summary>POST; the answer's body on 2xx, else a description of the refusal.</summary>
    private async Task<(JsonNode? Body, string? Error)> PostAsync(string path, JsonObject body, CancellationToken ct)
    {
        var reply = await _client.PostAsync(path, body, ct).ConfigureAwait(false);
        return reply is UpstreamReply.Answered { Code: >= 200 and < 300 } ok
            ? (ok.Body.Length > 0 ? JsonNode.Parse(ok.Body) : new JsonObject(), null)
            : (null, $"POST {path.Split('?')[0]}: {Describe(reply)}");
    }
}
