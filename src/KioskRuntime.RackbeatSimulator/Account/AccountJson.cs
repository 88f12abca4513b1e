using System.Text.Json.Nodes;

namespace KioskRuntime.RackbeatSimulator.Account;

/// <summary>Records as Rackbeat answers them (snake_case; single resources wrapped in their key by the endpoints).</summary>
internal static class AccountJson
{
    public static JsonObject Product(Product p)
    {
        var stock = p.Locations.Values.Sum(l => l.Stock);
        var inOrder = p.Locations.Values.Sum(l => l.InOrder);
        return new JsonObject
        {
            ["number"] = p.Number,
            ["urlfriendly_number"] = Uri.EscapeDataString(p.Number),
            ["name"] = p.Name,
            ["barcode"] = p.Barcode,
            ["sales_price"] = p.SalesPrice,
            ["vat_percentage"] = p.VatPercentage,
            ["inventory_enabled"] = true,
            ["unit"] = new JsonObject { ["id"] = p.Unit == "kg" ? 2 : 1, ["name"] = p.Unit },
            ["stock_quantity"] = stock,
            ["in_order_quantity"] = inOrder,
            ["available_quantity"] = stock - inOrder,
            ["updated_at"] = p.UpdatedAt.ToString("O"),
        };
    }

    public static JsonObject ProductLocation(string number, LocationStock s) => new()
    {
        ["number"] = number,
        ["stock_quantity"] = s.Stock,
        ["in_order_quantity"] = s.InOrder,
        ["available_quantity"] = s.Stock - s.InOrder,
    };

    public static JsonObject Order(Order o) => new()
    {
        ["number"] = o.Number,
        ["customer_id"] = o.CustomerId,
        ["currency"] = o.Currency,
        ["heading"] = o.Heading,
        ["note"] = o.Note,
        ["order_date"] = o.OrderDate,
        ["is_booked"] = o.IsBooked,
        ["is_shipped"] = o.IsShipped,
        ["is_invoiced"] = o.IsInvoiced,
        ["invoice_id"] = o.InvoiceId,
        ["shipments"] = new JsonArray([.. o.Shipments.Select(id => (JsonNode)new JsonObject { ["id"] = id })]),
        ["field_values"] = new JsonArray([.. o.Fields.Select(f => (JsonNode)new JsonObject { ["field_id"] = f.Key, ["value"] = f.Value })]),
        ["lines"] = Lines(o.Lines),
        ["created_at"] = o.CreatedAt.ToString("O"),
        ["updated_at"] = o.UpdatedAt.ToString("O"),
    };

    public static JsonObject Shipment(Shipment s) => new()
    {
        ["id"] = s.Id,
        ["order_number"] = s.OrderNumber,
        ["is_shipped"] = s.IsShipped,
        ["lines"] = Lines(s.Lines),
    };

    public static JsonObject Invoice(Invoice i) => new()
    {
        ["number"] = i.Number,
        ["order_id"] = i.OrderNumber,
        ["customer_id"] = i.CustomerId,
        ["is_credit_note"] = i.IsCreditNote,
        ["credited_invoice_id"] = i.CreditedInvoice,
        ["is_booked"] = i.IsBooked,
        ["inventory_reversed"] = i.InventoryReversed,
        ["lines"] = Lines(i.Lines),
    };

    public static JsonObject Adjustment(Adjustment a) => new()
    {
        ["id"] = a.Id,
        ["item_id"] = a.ItemId,
        ["adjustment_type"] = "quantity",
        ["location"] = a.Location,
        ["quantity"] = a.Quantity,
        ["regulated_at"] = a.RegulatedAt,
        ["reason"] = a.Reason,
        ["is_booked"] = a.IsBooked,
        ["change"] = a.Change,
    };

    private static JsonArray Lines(List<Line> lines) => new([.. lines.Select(l => (JsonNode)new JsonObject
    {
        ["item_id"] = l.ItemId,
        ["name"] = l.Name,
        ["quantity"] = l.Quantity,
        ["line_price"] = l.LinePrice,
        ["discount_percentage"] = l.DiscountPercentage,
        ["vat_percentage"] = l.VatPercentage,
    })]);
}
