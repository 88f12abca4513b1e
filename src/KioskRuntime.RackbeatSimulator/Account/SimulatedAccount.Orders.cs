using System.Globalization;
using System.Text.Json.Nodes;

namespace KioskRuntime.RackbeatSimulator.Account;

/// <summary>Orders: draft → book (reserves) → shipment → mark shipped (on-hand leaves in shipment mode) → invoice.</summary>
internal sealed partial class SimulatedAccount
{
    public Order CreateOrderDraft(JsonObject body)
    {
        lock (_lock)
        {
            var customer = (int?)Number(body["customer_id"], "customer_id") ?? throw RackbeatError.Invalid("customer_id", "The customer id field is required.");
            if (!_data.Settings.Customers.Contains(customer))
            {
                throw RackbeatError.Invalid("customer_id", "The selected customer id is invalid.");
            }

            if (body["lines"] is not JsonArray lines || lines.Count == 0)
            {
                throw RackbeatError.Invalid("lines", "The lines field is required.");
            }

            var parsed = new List<Line>();
            for (var i = 0; i < lines.Count; i++)
            {
                parsed.Add(ParseLine(lines[i] as JsonObject ?? throw RackbeatError.Invalid($"lines.{i}", "Must be an object."), $"lines.{i}"));
            }

            var now = _time.GetUtcNow();
            var order = new Order
            {
                Number = _data.NextOrder++,
                CustomerId = customer,
                Currency = Text(body, "currency") ?? "DKK",
                Heading = Text(body, "heading") ?? "",
                Note = Text(body, "note") ?? "",
                OrderDate = Text(body, "order_date") ?? Today(),
                Lines = parsed,
                CreatedAt = now,
                UpdatedAt = now,
            };
            _data.Orders.Add(order);
            Save();
            return order;
        }
    }

    public Order GetOrder(long number)
    {
        lock (_lock)
        {
            return FindOrder(number);
        }
    }

    public IReadOnlyList<Order> Orders()
    {
        lock (_lock)
        {
            return [.. _data.Orders];
        }
    }

    /// <summary>Books the draft: lines lock, stock is reserved (<c>in_order_quantity</c>), on-hand does not move (facts #1).</summary>
    public Order BookOrder(long number)
    {
        lock (_lock)
        {
            var order = FindOrder(number);
            if (order.IsBooked)
            {
                throw RackbeatError.Invalid("order", "The order is already booked.");
            }

            foreach (var line in order.Lines)
            {
                StockAt(Product(line.ItemId, "item_id"), _data.Settings.DefaultLocation).InOrder += line.Quantity;
            }

            order.IsBooked = true;
            order.BookCount++;
            order.UpdatedAt = _time.GetUtcNow();
            Save();
            return order;
        }
    }

    /// <summary>A shipment for what is not yet in a shipment; 422 when everything already is.</summary>
    public Shipment CreateShipment(long number)
    {
        lock (_lock)
        {
            var order = FindOrder(number);
            if (!order.IsBooked)
            {
                throw RackbeatError.Invalid("order", "Only booked orders can be shipped.");
            }

            if (order.Shipments.Count > 0)
            {
                throw RackbeatError.Invalid("order", "Every line of the order is already in a shipment.");
            }

            var shipment = new Shipment { Id = _data.NextShipment++, OrderNumber = number, Lines = [.. order.Lines] };
            _data.Shipments.Add(shipment);
            order.Shipments.Add(shipment.Id);
            order.UpdatedAt = _time.GetUtcNow();
            Save();
            return shipment;
        }
    }

    public Shipment GetShipment(long id)
    {
        lock (_lock)
        {
            return _data.Shipments.Find(s => s.Id == id) ?? throw RackbeatError.NotFound("The shipment");
        }
    }

    /// <summary>Pick + confirm: on-hand leaves here unless the account's stock follows invoices (facts #2, #3).</summary>
    public Shipment MarkShipped(long id)
    {
        lock (_lock)
        {
            var shipment = _data.Shipments.Find(s => s.Id == id) ?? throw RackbeatError.NotFound("The shipment");
            if (shipment.IsShipped)
            {
                throw RackbeatError.Invalid("shipment", "The shipment is already shipped.");
            }

            shipment.IsShipped = true;
            var order = FindOrder(shipment.OrderNumber);
            order.IsShipped = true;
            order.UpdatedAt = _time.GetUtcNow();
            if (_data.Settings.StockMode == StockMode.Shipment)
            {
                MoveOnHand(shipment.Lines, +1, releaseReservation: true);
            }

            Save();
            return shipment;
        }
    }

    /// <summary>The order becomes an invoice (linked both ways); booked at once when <paramref name="book"/>.</summary>
    public Invoice ConvertToInvoice(long number, bool book)
    {
        lock (_lock)
        {
            var order = FindOrder(number);
            if (!order.IsBooked)
            {
                throw RackbeatError.Invalid("order", "Only booked orders can be invoiced.");
            }

            if (order.IsInvoiced)
            {
                throw RackbeatError.Invalid("order", "The order is already invoiced.");
            }

            var invoice = new Invoice
            {
                Number = _data.NextInvoice++,
                OrderNumber = number,
                CustomerId = order.CustomerId,
                Lines = [.. order.Lines],
                CreatedAt = _time.GetUtcNow(),
            };
            _data.Invoices.Add(invoice);
            order.IsInvoiced = true;
            order.InvoiceId = invoice.Number;
            order.UpdatedAt = _time.GetUtcNow();
            if (book)
            {
                BookInvoiceLocked(invoice, reverseInventory: false);
            }

            Save();
            return invoice;
        }
    }

    /// <summary>Custom field values (Premium only, facts #20).</summary>
    public Order SetFields(long number, JsonArray fields)
    {
        lock (_lock)
        {
            if (!_data.Settings.Premium)
            {
                throw new RackbeatError(403, "custom_fields", "Custom fields require the Premium plan.");
            }

            var order = FindOrder(number);
            for (var i = 0; i < fields.Count; i++)
            {
                var f = fields[i] as JsonObject ?? throw RackbeatError.Invalid($"custom_fields.{i}", "Must be an object.");
                var id = (int?)Number(f["id"], $"custom_fields.{i}.id") ?? throw RackbeatError.Invalid($"custom_fields.{i}.id", "The id field is required.");
                order.Fields[id] = Text(f, "value") ?? "";
            }

            order.UpdatedAt = _time.GetUtcNow();
            Save();
            return order;
        }
    }

    private Order FindOrder(long number) => _data.Orders.Find(o => o.Number == number) ?? throw RackbeatError.NotFound(string.Create(CultureInfo.InvariantCulture, $"Order {number}"));

    private Line ParseLine(JsonObject line, string at)
    {
        var item = Text(line, "item_id") ?? throw RackbeatError.Invalid(at + ".item_id", $"The {at}.item_id field is required.");
        var product = _data.Products.TryGetValue(item, out var p) ? p : throw RackbeatError.Invalid(at + ".item_id", $"The selected {at}.item_id is invalid.");
        var quantity = Number(line["quantity"], at + ".quantity") ?? throw RackbeatError.Invalid(at + ".quantity", $"The {at}.quantity field is required.");
        if (quantity <= 0)
        {
            throw RackbeatError.Invalid(at + ".quantity", $"The {at}.quantity must be at least 1.");
        }

        return new Line
        {
            ItemId = item,
            Name = Text(line, "name") ?? product.Name,
            Quantity = quantity,
            LinePrice = Number(line["line_price"], at + ".line_price") ?? product.SalesPrice,
            DiscountPercentage = Number(line["discount_percentage"], at + ".discount_percentage") ?? 0m,
            VatPercentage = Number(line["vat_percentage"], at + ".vat_percentage") ?? product.VatPercentage,
        };
    }
}
