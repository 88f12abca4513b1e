using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using KioskRuntime.BackOffice.Contract;
using KioskRuntime.BackOffice.Processing;

namespace KioskRuntime.BackOffice.Tests;

/// <summary>The single-pass reader on its own: every malformed field is reported with its path; what is not malformed passes.</summary>
public sealed class EventParserTests
{
    public static TheoryData<string, string, string, string> MalformedFields => new()
    {
        // event type, JSON path to replace (dots, [i] for elements), replacement (JSON, or "-" to remove) → reported path
        { "sale", "id", "\"0190a3c4-0000-7000-8000-00000000000g\"", "id" },
        { "sale", "id", "-", "id" },
        { "sale", "type", "7", "type" },
        { "sale", "occurredAt", "\"2026-11-27T09:15:02\"", "occurredAt" },
        { "sale", "hash", "\"\"", "hash" },
        { "sale", "hash", "\"12g\"", "hash" },
        { "sale", "payload", "-", "payload" },
        { "sale", "payload", "[]", "payload" },
        { "sale", "payload.receiptNo", "-1", "payload.receiptNo" },
        { "sale", "payload.currency", "\"" + new string('N', 513) + "\"", "payload.currency" },
        { "sale", "payload.lines", "[]", "payload.lines" },
        { "sale", "payload.lines", "{}", "payload.lines" },
        { "sale", "payload.lines[1]", "\"line\"", "payload.lines[1]" },
        { "sale", "payload.lines[1].qty", "\"0\"", "payload.lines[1].qty" },
        { "sale", "payload.lines[1].qty", "\"-1\"", "payload.lines[1].qty" },
        { "sale", "payload.lines[1].gtin", "\"07038010001658\"", "payload.lines[1].gtin" },
        { "sale", "payload.lines[1].name", "-", "payload.lines[1].name" },
        { "sale", "payload.lines[1].unitPrice", "\"42.9\"", "payload.lines[1].unitPrice" },
        { "sale", "payload.lines[1].vatRate", "\"15%\"", "payload.lines[1].vatRate" },
        { "sale", "payload.lines[1].lineTotal", "42.90", "payload.lines[1].lineTotal" },
        { "sale", "payload.total", "\"1.000\"", "payload.total" },
        { "sale", "payload.vat", "null", "payload.vat" },
        { "sale", "payload.vat[0].rate", "\"x\"", "payload.vat[0].rate" },
        { "sale", "payload.vat[0].base", "\"1\"", "payload.vat[0].base" },
        { "sale", "payload.vat[0].amount", "-", "payload.vat[0].amount" },
        { "sale", "payload.payments[1].method", "\"bitcoin\"", "payload.payments[1].method" },
        { "sale", "payload.payments[1].amount", "true", "payload.payments[1].amount" },
        { "sale", "payload.payments[1].CardNumber", "\"4111111111111111\"", "payload.payments[1].CardNumber" },
        { "return", "payload.originalId", "\"nope\"", "payload.originalId" },
        { "return", "payload.originalSeq", "0", "payload.originalSeq" },
        { "return", "payload.refunds[0].method", "-", "payload.refunds[0].method" },
        { "stock-adjustment", "payload.gtin", "\"0703801000165\"", "payload.gtin" },
        { "stock-adjustment", "payload.delta", "\"1.2345678\"", "payload.delta" },
        { "stock-adjustment", "payload.reason", "\"lost\"", "payload.reason" },
        { "stock-adjustment", "payload.staffId", "\"\"", "payload.staffId" },
    };

    [Theory]
    [MemberData(nameof(MalformedFields))]
    public void A_malformed_field_is_reported_with_its_path(string type, string path, string replacement, string reported)
    {
        var ev = Sample(type);
        Replace(ev, path, replacement);

        var parsed = ReadOne(ev);

        Assert.Null(parsed.Event);
        Assert.StartsWith(reported + ":", parsed.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sale")]
    [InlineData("return")]
    [InlineData("stock-adjustment")]
    public void A_well_formed_event_is_read_with_unknown_fields_ignored(string type)
    {
        var ev = Sample(type);
        ev["extra"] = new JsonObject { ["deep"] = new JsonArray(1, 2) };
        ev["payload"]!["extra"] = "ignored";

        var parsed = ReadOne(ev);

        Assert.Null(parsed.Reason);
        Assert.Equal(type, parsed.Event!.Type);
        Assert.Equal(ev.ToJsonString(), Encoding.UTF8.GetString(parsed.RawJson.Span));
    }

    [Fact]
    public void A_payload_before_its_type_is_read_for_that_type()
    {
        var ev = Sample("sale");
        var reordered = new JsonObject { ["payload"] = ev["payload"]!.DeepClone(), ["seq"] = 1, ["id"] = ev["id"]!.DeepClone(), ["type"] = "sale", ["occurredAt"] = ev["occurredAt"]!.DeepClone(), ["hash"] = "aa" };
        reordered["payload"]!["lines"]![0]!["qty"] = "0";

        var parsed = ReadOne(reordered);

        Assert.StartsWith("payload.lines[0].qty:", parsed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_type_is_kept_whatever_its_payload()
    {
        var ev = Sample("sale");
        ev["type"] = "payment-reversal";
        ev["payload"] = "not even an object";

        var parsed = ReadOne(ev);

        Assert.IsType<UnknownPayload>(parsed.Event!.Payload);
    }

    [Fact]
    public void Escaped_names_and_values_read_as_their_text()
    {
        const string body = """{"ev\u0065nts":[{"seq":1,"\u0069d":"0190a3c4-0000-7000-8000-000000000001","type":"s\u0061le","occurredAt":"2026-11-27T09:15:02Z","payload":{"receiptNo":"1","currency":"N\u004FK","lines":[{"gtin":"0703801000165\u0039","name":"x","qty":"\u0031","unitPrice":"1.00","vatRate":"15","lineTotal":"1.00"}],"total":"1.00","vat":[],"payments":[]},"hash":"aa"}]}""";

        Assert.True(BatchReader.TryRead(Encoding.UTF8.GetBytes(body), out var events, out var error), error);
        var sale = Assert.IsType<SalePayload>(events[0].Event!.Payload);
        Assert.Equal("NOK", sale.Currency);
        Assert.Equal(Events.Syltetoy, sale.Lines[0].Gtin.Value);
    }

    [Fact]
    public void Card_data_keeps_only_the_envelope()
    {
        var ev = Sample("sale");
        ev["payload"]!["payments"]![0]!["pan"] = "4111111111111111";

        var parsed = ReadOne(ev);

        var kept = Encoding.UTF8.GetString(parsed.RawJson.Span);
        Assert.DoesNotContain("4111111111111111", kept, StringComparison.Ordinal);
        Assert.Contains("redacted", kept, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"events\": [1]}", "events[0]: must be an object, got a number")]
    [InlineData("{\"events\": [{\"seq\": 0}]}", "events[0].seq: must be an integer ≥ 1")]
    [InlineData("{\"events\": [{\"seq\": 1.0}]}", "events[0].seq: must be an integer ≥ 1")]
    [InlineData("{\"events\": [{\"seq\": 2}, {\"seq\": 2}]}", "events[1].seq: 2 does not follow 2")]
    [InlineData("{\"events\": {}}", "body.events: missing or not an array")]
    [InlineData("\"events\"", "body must be an object")]
    [InlineData("{\"events\": [1], \"events\": []}", "body.events: must hold 1 to 500 events, got 0")]
    public void Batch_faults_name_the_element(string body, string expected)
    {
        Assert.False(BatchReader.TryRead(Encoding.UTF8.GetBytes(body), out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_a_batch_fault()
    {
        var body = Encoding.UTF8.GetBytes("{\"events\": [{\"seq\": 1, \"note\": \"x\"}]}");
        body[^5] = 0xff;

        Assert.False(BatchReader.TryRead(body, out _, out var error));
        Assert.Contains("UTF-8", error, StringComparison.Ordinal);
    }

    private static ParsedEvent ReadOne(JsonObject ev)
    {
        var body = new JsonObject { ["events"] = new JsonArray(ev.DeepClone()) }.ToJsonString();
        Assert.True(BatchReader.TryRead(Encoding.UTF8.GetBytes(body), out var events, out var error), error);
        return Assert.Single(events);
    }

    private static JsonObject Sample(string type)
    {
        var ev = type switch
        {
            "sale" => Events.Sale(1),
            "return" => Events.Return(1, 1, 1),
            _ => Events.Adjustment(1, Events.Brunost, "-2"),
        };
        if (type == "sale")
        {
            var payload = ev["payload"]!;
            payload["lines"]!.AsArray().Add(payload["lines"]![0]!.DeepClone());
            payload["payments"]!.AsArray().Add(new JsonObject { ["method"] = "cash", ["amount"] = "1.00" });
        }

        return ev;
    }

    private static void Replace(JsonObject ev, string path, string replacement)
    {
        var parts = path.Split('.');
        JsonNode parent = ev;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            parent = Step(parent, parts[i]);
        }

        var last = parts[^1];
        var value = replacement == "-" ? null : JsonNode.Parse(replacement);
        var bracket = last.IndexOf('[', StringComparison.Ordinal);
        if (bracket >= 0)
        {
            var array = parent[last[..bracket]]!.AsArray();
            var index = int.Parse(last[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
            array[index] = value;
        }
        else if (value is null)
        {
            parent.AsObject().Remove(last);
        }
        else
        {
            parent[last] = value;
        }
    }

    private static JsonNode Step(JsonNode node, string part)
    {
        var bracket = part.IndexOf('[', StringComparison.Ordinal);
        return bracket < 0
            ? node[part]!
            : node[part[..bracket]]![int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]!;
    }
}
