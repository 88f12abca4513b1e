using System.Globalization;
using System.Text.Json.Nodes;
using KioskRuntime.Journal;

namespace KioskRuntime.Sync.Tests.Support;

/// <summary>Event payloads as the upstream contract (and the reference back office's parser) has them.</summary>
internal static class ContractPayloads
{
    /// <summary>Demo-catalog products of the reference back office.</summary>
    public static readonly string[] DemoGtins = ["07042260000126", "07040030001106", "07038010001659", "07020250001278"];

    public static string Sale(long receiptNo, string gtin, int qty = 1, string price = "22.40") =>
        new JsonObject
        {
            ["receiptNo"] = receiptNo.ToString(CultureInfo.InvariantCulture),
            ["currency"] = "NOK",
            ["lines"] = new JsonArray(Line(gtin, qty, price)),
            ["total"] = Total(qty, price),
            ["vat"] = new JsonArray(new JsonObject { ["rate"] = "15", ["base"] = "0.00", ["amount"] = "0.00" }),
            ["payments"] = new JsonArray(new JsonObject { ["method"] = "card", ["amount"] = Total(qty, price), ["terminalRef"] = "T-" + receiptNo, ["cardBrand"] = "Visa" }),
        }.ToJsonString();

    public static string Return(long receiptNo, JournalEntry sale, string gtin, int qty = 1, string price = "22.40") =>
        new JsonObject
        {
            ["receiptNo"] = receiptNo.ToString(CultureInfo.InvariantCulture),
            ["originalId"] = sale.Id.ToString("D"),
            ["originalSeq"] = sale.Seq,
            ["lines"] = new JsonArray(Line(gtin, qty, price)),
            ["total"] = Total(qty, price),
            ["vat"] = new JsonArray(),
            ["refunds"] = new JsonArray(new JsonObject { ["method"] = "card", ["amount"] = Total(qty, price) }),
        }.ToJsonString();

    public static string Adjustment(string gtin, string delta) =>
        new JsonObject { ["gtin"] = gtin, ["delta"] = delta, ["reason"] = "count", ["staffId"] = "tech-1" }.ToJsonString();

    private static JsonObject Line(string gtin, int qty, string price) => new()
    {
        ["gtin"] = gtin,
        ["name"] = "Vare",
        ["qty"] = qty.ToString(CultureInfo.InvariantCulture),
        ["unitPrice"] = price,
        ["vatRate"] = "15",
        ["lineTotal"] = Total(qty, price),
    };

    private static string Total(int qty, string price) =>
        (decimal.Parse(price, CultureInfo.InvariantCulture) * qty).ToString("0.00", CultureInfo.InvariantCulture);
}
