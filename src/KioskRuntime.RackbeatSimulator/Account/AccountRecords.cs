using System.Text.Json.Serialization;

namespace KioskRuntime.RackbeatSimulator.Account;

// The simulated account's records: plain mutable classes, only touched under SimulatedAccount's lock, serialised as they are
// to the optional state file (so the simulator survives its own restart).

/// <summary>Where on-hand leaves: at shipment confirmation (Rackbeat's default) or at invoice booking ("inventory value associated with invoicing").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StockMode>))]
internal enum StockMode
{
    Shipment,
    Invoice,
}

internal sealed class AccountSettings
{
    public StockMode StockMode { get; set; } = StockMode.Shipment;

    /// <summary>Custom fields are a Premium feature (facts #20); without them <c>PUT orders/{n}/fields</c> answers 403.</summary>
    public bool Premium { get; set; } = true;

    /// <summary>The location orders, invoices and credit notes move stock at (the account's default location).</summary>
    public string DefaultLocation { get; set; } = "1";

    public List<int> Customers { get; set; } = [900];

    public List<string> Locations { get; set; } = ["1"];

    /// <summary>The token every request must carry as <c>Authorization: Bearer</c>.</summary>
    public string Token { get; set; } = "sim-token";
}

internal sealed class LocationStock
{
    public decimal Stock { get; set; }

    public decimal InOrder { get; set; }
}

internal sealed class Product
{
    public string Number { get; set; } = "";

    public string Name { get; set; } = "";

    public string? Barcode { get; set; }

    /// <summary>Unit price excluding VAT.</summary>
    public decimal SalesPrice { get; set; }

    public decimal VatPercentage { get; set; } = 25m;

    /// <summary>The product's unit, answered expanded as <c>{"id","name"}</c> (the 2018 schema had the id only: facts C5).</summary>
    public string Unit { get; set; } = "pcs";

    public DateTimeOffset UpdatedAt { get; set; }

    public Dictionary<string, LocationStock> Locations { get; set; } = new(StringComparer.Ordinal);
}

internal sealed class Line
{
    public string ItemId { get; set; } = "";

    public string Name { get; set; } = "";

    public decimal Quantity { get; set; }

    public decimal LinePrice { get; set; }

    public decimal DiscountPercentage { get; set; }

    public decimal VatPercentage { get; set; }
}

internal sealed class Order
{
    public long Number { get; set; }

    public int CustomerId { get; set; }

    public string Currency { get; set; } = "";

    public string Heading { get; set; } = "";

    public string Note { get; set; } = "";

    public string OrderDate { get; set; } = "";

    public List<Line> Lines { get; set; } = [];

    public bool IsBooked { get; set; }

    public int BookCount { get; set; }

    public bool IsShipped { get; set; }

    public bool IsInvoiced { get; set; }

    public long? InvoiceId { get; set; }

    public List<long> Shipments { get; set; } = [];

    public Dictionary<int, string> Fields { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class Shipment
{
    public long Id { get; set; }

    public long OrderNumber { get; set; }

    public bool IsShipped { get; set; }

    public List<Line> Lines { get; set; } = [];
}

internal sealed class Invoice
{
    public long Number { get; set; }

    public long? OrderNumber { get; set; }

    public int CustomerId { get; set; }

    public bool IsCreditNote { get; set; }

    /// <summary>For a credit note: the invoice it credits.</summary>
    public long? CreditedInvoice { get; set; }

    public bool IsBooked { get; set; }

    public int BookCount { get; set; }

    public bool InventoryReversed { get; set; }

    public List<Line> Lines { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class Adjustment
{
    public long Id { get; set; }

    public string ItemId { get; set; } = "";

    public string Location { get; set; } = "";

    /// <summary>The target quantity at the location (absolute: facts #12).</summary>
    public decimal Quantity { get; set; }

    public string RegulatedAt { get; set; } = "";

    public string Reason { get; set; } = "";

    public bool IsBooked { get; set; }

    public int BookCount { get; set; }

    /// <summary>What booking changed on-hand by (target − on-hand at booking).</summary>
    public decimal? Change { get; set; }
}

/// <summary>Everything the account holds; what the state file contains.</summary>
internal sealed class AccountData
{
    public AccountSettings Settings { get; set; } = new();

    public Dictionary<string, Product> Products { get; set; } = new(StringComparer.Ordinal);

    public List<Order> Orders { get; set; } = [];

    public List<Shipment> Shipments { get; set; } = [];

    public List<Invoice> Invoices { get; set; } = [];

    public List<Adjustment> Adjustments { get; set; } = [];

    /// <summary>Stock moved by "another channel" (a web shop, another till): the race the adjustment docs talk about.</summary>
    public List<string> ExternalMoves { get; set; } = [];

    public long NextOrder { get; set; } = 5001;

    public long NextShipment { get; set; } = 70001;

    public long NextInvoice { get; set; } = 30001;

    public long NextAdjustment { get; set; } = 1;
}
