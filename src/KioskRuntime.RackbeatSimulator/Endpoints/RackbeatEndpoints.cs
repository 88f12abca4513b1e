using System.Text.Json.Nodes;
using KioskRuntime.RackbeatSimulator.Account;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace KioskRuntime.RackbeatSimulator.Endpoints;

/// <summary>The Rackbeat API paths the kiosk uses (facts #6, #10, #11, #18), under <c>/api/</c>.</summary>
internal static class RackbeatEndpoints
{
    public static void MapRackbeatEndpoints(this IEndpointRouteBuilder app, SimulatedAccount account)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/products", ctx => Listing.PageAsync(ctx, "products", account.Locked(a => a.Products()
            .Where(p => Listing.Searched(ctx, p.Number, p.Name, p.Barcode))
            .Where(p => Listing.Since(ctx, "updated_at_from") is not { } since || p.UpdatedAt >= since)
            .Where(p => ctx.Request.Query["simple_filter[ean]"].ToString() is not { Length: > 0 } ean || p.Barcode == ean)
            .Select(AccountJson.Product).ToList())));
        api.MapGet("/products/{**rest}", ctx =>
        {
            // Item numbers are URL-encoded (ABC/123 → ABC%2F123, facts #18): read the raw target, not the routed value.
            var raw = ctx.Features.Get<IHttpRequestFeature>()!.RawTarget.Split('?')[0];
            var segments = raw["/api/products/".Length..].Split('/');
            var number = Uri.UnescapeDataString(segments[0]);
            if (segments.Length == 1)
            {
                return Ok(ctx, "product", account.Locked(a => AccountJson.Product(a.GetProduct(number))));
            }

            if (segments is [_, "locations"])
            {
                return Listing.PageAsync(ctx, "product_locations", account.Locked(a => a.GetProduct(number).Locations
                    .OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => AccountJson.ProductLocation(l.Key, l.Value)).ToList()));
            }

            throw RackbeatError.NotFound("The resource");
        });

        api.MapGet("/orders", ctx => Listing.PageAsync(ctx, "orders", account.Locked(a => a.Orders()
            .Where(o => Listing.Searched(ctx, o.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), o.Heading, o.Note))
            .Where(o => FieldFilters(ctx).All(f => o.Fields.TryGetValue(f.Id, out var v) && v == f.Value))
            .Where(o => Listing.Date(ctx, "date_from") is not { } from || string.CompareOrdinal(o.OrderDate, from) >= 0)
            .Where(o => Listing.Date(ctx, "date_to") is not { } to || string.CompareOrdinal(o.OrderDate, to) <= 0)
            .Where(o => Listing.Since(ctx, "updated_at_from") is not { } since || o.UpdatedAt >= since)
            .Select(AccountJson.Order).ToList())));
        api.MapPost("/orders/drafts", async ctx =>
        {
            var body = await Body(ctx);
            await Created(ctx, "order", account.Locked(a => AccountJson.Order(a.CreateOrderDraft(body))));
        });
        api.MapGet("/orders/{number:long}", (HttpContext ctx, long number) => Ok(ctx, "order", account.Locked(a => AccountJson.Order(a.GetOrder(number)))));
        api.MapPost("/orders/{number:long}/book", (HttpContext ctx, long number) => Ok(ctx, "order", account.Locked(a => AccountJson.Order(a.BookOrder(number)))));
        api.MapPut("/orders/{number:long}/fields", async (HttpContext ctx, long number) =>
        {
            var body = await Body(ctx);
            var fields = body["custom_fields"] as JsonArray ?? throw RackbeatError.Invalid("custom_fields", "The custom fields field is required.");
            await Ok(ctx, "order", account.Locked(a => AccountJson.Order(a.SetFields(number, fields))));
        });
        api.MapPost("/orders/{number:long}/create-shipment", (HttpContext ctx, long number) =>
            Created(ctx, "order_shipment", account.Locked(a => AccountJson.Shipment(a.CreateShipment(number)))));
        api.MapGet("/orders/shipments/{id:long}", (HttpContext ctx, long id) => Ok(ctx, "order_shipment", account.Locked(a => AccountJson.Shipment(a.GetShipment(id)))));
        api.MapPost("/orders/shipments/{id:long}/mark-shipped", async (HttpContext ctx, long id) =>
        {
            if ((await Body(ctx))["pick"]?.GetValue<bool>() != true)
            {
                throw RackbeatError.Invalid("pick", "Shipping without picking is not supported by the simulator (send {\"pick\": true}).");
            }

            await Ok(ctx, "order_shipment", account.Locked(a => AccountJson.Shipment(a.MarkShipped(id))));
        });
        api.MapPost("/orders/{number:long}/convert-to-invoice", (HttpContext ctx, long number) =>
        {
            var book = ctx.Request.Query["book"].ToString() == "true";
            return RackbeatGate.WriteAsync(ctx, 201, account.Locked(a => new JsonObject { ["invoice_id"] = a.ConvertToInvoice(number, book).Number }));
        });

        api.MapGet("/customer-invoices", ctx => Listing.PageAsync(ctx, "customer_invoices", account.Locked(a => a.Invoices().Select(AccountJson.Invoice).ToList())));
        api.MapGet("/customer-invoices/{number:long}", (HttpContext ctx, long number) => Ok(ctx, "customer_invoice", account.Locked(a => AccountJson.Invoice(a.GetInvoice(number)))));
        api.MapPost("/customer-invoices/{number:long}/book", async (HttpContext ctx, long number) =>
        {
            var reverse = (await Body(ctx))["reverse_inventory"]?.GetValue<bool>() == true;
            await Ok(ctx, "customer_invoice", account.Locked(a => AccountJson.Invoice(a.BookInvoice(number, reverse))));
        });
        api.MapPost("/customer-invoices/{number:long}/create-creditnote", async (HttpContext ctx, long number) =>
        {
            var lines = (await Body(ctx))["lines"] as JsonArray;
            await Created(ctx, "customer_invoice", account.Locked(a => AccountJson.Invoice(a.CreateCreditNote(number, lines))));
        });

        api.MapGet("/inventory-adjustments", ctx => Listing.PageAsync(ctx, "inventory_regulations", account.Locked(a => a.Adjustments()
            .Where(x => Listing.Searched(ctx, x.ItemId, x.Reason))
            .Select(AccountJson.Adjustment).ToList())));
        api.MapPost("/inventory-adjustments", async ctx =>
        {
            var body = await Body(ctx);
            await Created(ctx, "inventory_regulation", account.Locked(a => AccountJson.Adjustment(a.CreateAdjustment(body))));
        });
        api.MapGet("/inventory-adjustments/{id:long}", (HttpContext ctx, long id) => Ok(ctx, "inventory_regulation", account.Locked(a => AccountJson.Adjustment(a.GetAdjustment(id)))));
        api.MapPost("/inventory-adjustments/{id:long}/book", (HttpContext ctx, long id) =>
            Ok(ctx, "inventory_regulation", account.Locked(a => AccountJson.Adjustment(a.BookAdjustment(id)))));
        api.MapDelete("/inventory-adjustments/{id:long}", (HttpContext ctx, long id) =>
        {
            account.DeleteAdjustment(id);
            ctx.Response.StatusCode = 204;
            return Task.CompletedTask;
        });
    }

    private static Task Ok(HttpContext ctx, string key, JsonObject item) => RackbeatGate.WriteAsync(ctx, 200, new JsonObject { [key] = item });

    private static Task Created(HttpContext ctx, string key, JsonObject item) => RackbeatGate.WriteAsync(ctx, 201, new JsonObject { [key] = item });

    private static async Task<JsonObject> Body(HttpContext ctx)
    {
        if (ctx.Request.ContentLength is 0 || (ctx.Request.ContentLength is null && !ctx.Request.Headers.ContainsKey("Transfer-Encoding")))
        {
            return [];
        }

        try
        {
            return await System.Text.Json.JsonSerializer.DeserializeAsync<JsonObject>(ctx.Request.Body, cancellationToken: ctx.RequestAborted) ?? [];
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new RackbeatError(400, "body", "The body is not JSON: " + ex.Message);
        }
    }

    private static IEnumerable<(int Id, string Value)> FieldFilters(HttpContext ctx)
    {
        foreach (var (key, value) in ctx.Request.Query)
        {
            if (key.StartsWith("field_eq[", StringComparison.Ordinal) && key.EndsWith(']') && int.TryParse(key["field_eq[".Length..^1], out var id))
            {
                yield return (id, value.ToString());
            }
        }
    }
}
