using System.Globalization;
using System.Text.Json.Nodes;

namespace KioskRuntime.BackOffice.Tests;

/// <summary>Builds contract events as JSON, the way a kiosk would send them.</summary>
internal static class Events
{
    public const string Syltetoy = "07038010001659"; // stock 36
    public const string Brunost = "07040030001106"; // stock 24
    public const string Epler = "07038600022507"; // kg, stock 25.5
    public const string UnknownButValid = "07000000000317";

    public static Guid Id(int n) => Guid.Parse(string.Create(CultureInfo.InvariantCulture, $"0190a3c4-0000-7000-8000-{n:D12}"));

    public static string Hash(long seq) => string.Create(CultureInfo.InvariantCulture, $"{seq:x8}aa");

    public static JsonObject Envelope(long seq, string type, JsonNode? payload, int? idNumber = null, string? hash = null) => new()
    {
        ["seq"] = seq,
        ["id"] = Id(idNumber ?? (int)seq).ToString(),
        ["type"] = type,
        ["occurredAt"] = "2026-11-27T09:15:02.123+01:00",
        ["payload"] = payload,
        ["hash"] = hash ?? Hash(seq),
    };

    public static JsonObject Sale(long seq, string gtin = Syltetoy, string qty = "1", int? idNumber = null, string? hash = null) =>
        Envelope(seq, "sale", new JsonObject
        {
            ["receiptNo"] = seq.ToString(CultureInfo.InvariantCulture),
            ["currency"] = "NOK",
            ["lines"] = new JsonArray(Line(gtin, qty)),
            ["total"] = "42.90",
            ["vat"] = new JsonArray(new JsonObject { ["rate"] = "15", ["base"] = "37.30", ["amount"] = "5.60" }),
            ["payments"] = new JsonArray(new JsonObject
            {
                ["method"] = "card", ["amount"] = "42.90", ["terminalRef"] = "T-1", ["cardBrand"] = "visa",
            }),
        }, idNumber, hash);

    public static JsonObject Return(long seq, long originalSeq, int originalIdNumber, string gtin = Syltetoy, string qty = "1") =>
        Envelope(seq, "return", new JsonObject
        {
            ["receiptNo"] = "R" + seq.ToString(CultureInfo.InvariantCulture),
            ["originalId"] = Id(originalIdNumber).ToString(),
            ["originalSeq"] = originalSeq,
            ["lines"] = new JsonArray(Line(gtin, qty)),
            ["total"] = "42.90",
            ["vat"] = new JsonArray(),
            ["refunds"] = new JsonArray(new JsonObject { ["method"] = "card", ["amount"] = "42.90" }),
        });

    public static JsonObject Adjustment(long seq, string gtin, string delta, string reason = "received") =>
        Envelope(seq, "stock-adjustment", new JsonObject
        {
            ["gtin"] = gtin, ["delta"] = delta, ["reason"] = reason, ["staffId"] = "s-17",
        });

    private static JsonObject Line(string gtin, string qty) => new()
    {
        ["gtin"] = gtin, ["name"] = "Vare", ["qty"] = qty, ["unitPrice"] = "42.90", ["vatRate"] = "15", ["lineTotal"] = "42.90",
    };
}
