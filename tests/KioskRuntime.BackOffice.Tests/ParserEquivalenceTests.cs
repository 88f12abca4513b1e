using System.Globalization;
using System.Text;
using System.Text.Json;
using KioskRuntime.BackOffice.Contract;
using KioskRuntime.BackOffice.Processing;

namespace KioskRuntime.BackOffice.Tests;

/// <summary>
/// Property test: on generated push bodies (valid events of every type, then fields removed, retyped, repeated, reordered,
/// escaped, card data added, arrays emptied, JSON cut short…) the single-pass reader gives exactly what the JsonDocument-based
/// reader it replaced gives (kept in Legacy/ as the oracle): the same batch error, and per event the same verdict, reason
/// (field path and wording), kept strings, raw JSON and parsed values.
/// </summary>
public sealed class ParserEquivalenceTests
{
    private static readonly string[] Pool =
    [
        "null", "true", "false", "0", "1", "-1", "2", "1.5", "42.9", "1e3", "9223372036854775808", "{}", "[]", "[1]", "{\"a\":1}",
        "\"\"", "\"x\"", "\"1\"", "\"0\"", "\"-3\"", "\"+12\"", "\"-0\"", "\"-0.00\"", "\"0.00\"", "\"1.00\"", "\"42.90\"", "\"42.9\"",
        "\"0.532\"", "\"1.0000000\"", "\"123456789012345.123456\"", "\"1234567890123456\"", "\"123456789012345.12\"",
        "\"12345678901234.123456\"", "\" 1.00\"", "\"1.00\\n\"", "\"1,00\"", "\"\\u0031.00\"", "\"25\"", "\"15\"",
        "\"07038010001659\"", "\"07038010001658\"", "\"7038010001659\"", "\"0703801000165x\"", "\"07040030001106\"",
        "\"\\u00307038010001659\"", "\"2026-11-27T09:15:02.123+01:00\"", "\"2026-11-27T08:15:02Z\"", "\"2026-11-27t08:15:02z\"",
        "\"2026-11-27T09:15:02\"", "\"2026-11-27T09:15:02Z\\n\"", "\"2026-13-27T09:15:02Z\"", "\"2026-11-27T09:15:02.12345678Z\"",
        "\"2026-11-27T09:15:02+15:00\"", "\"2026-02-30T09:15:02Z\"",
        "\"2026-11-27T09:15:02.123\\u002B01:00\"", "\"2026-11-27T23:59:59.9999999-13:59\"", "\"1900-01-01T00:00:00Z\"",
        "\"9000-12-31T23:59:59+13:00\"", "\"2024-02-29T12:00:00.5Z\"", "\"2026-11-27T09:15:60Z\"", "\"0001-01-01T00:00:00+01:00\"",
        "\"2026-11-27T24:00:00Z\"", "\"2026-11-27T09:15:02-14:00\"", "\"0190a3c4-0000-7000-8000-000000000001\"",
        "\"0190A3C4-0000-7000-8000-00000000000F\"", "\"{0190a3c4-0000-7000-8000-000000000001}\"", "\"+190a3c4-0000-7000-8000-000000000001\"",
        "\"0190a3c40000700080000000000000001\"", "\"deadbeef\"", "\"DEADBEEF\"", "\"xyz\"", "\"sale\"", "\"return\"",
        "\"stock-adjustment\"", "\"s\\u0061le\"", "\"payment-reversal\"", "\"card\"", "\"cash\"", "\"voucher\"", "\"bitcoin\"",
        "\"count\"", "\"theft\"", "\"Theft\"", "\"NOK\"", "\"SEK\"", "\"N\\u004FK\"", "\"blåbær ≥ 2\"", "\"\\ud83d\\ude00\"",
        "\"" + new string('a', 512) + "\"", "\"" + new string('a', 513) + "\"", "\"" + new string('æ', 300) + "\"",
    ];

    private static readonly string[] CardValues =
    [
        "4111 1111 1111 1111", "kort 5555-5555-5555-4444 ok", ";4111111111111111=25121010000", "%B4111111111111111^DOE/J^2512",
        "411111******1111", "4111111111111112", "ref-4111111111111111", "12345678901234567890", "T-1", "0190a3c4-0000-7000-8000-000000000001",
    ];

    private static readonly string[] CardNames = ["pan", "PAN", "maskedPan", "cardNumber", "CVV", "expiryDate", "track2", "cardHolder", "p\\u0061n"];

    private static readonly string[] ExtraNames = ["note", "seq", "id", "type", "payload", "hash", "occurredAt", "qty", "gtin", "total", "lines", "method", "amount", "events"];

    [Fact]
    public void Single_pass_reader_answers_exactly_like_the_document_reader_on_generated_batches()
    {
        var seen = new Dictionary<string, int>();
        for (var seed = 0; seed < 4000; seed++)
        {
            var random = new Random(seed);
            var body = Batch(random);
            var expected = Old(body);
            var actual = New(body);
            Assert.True(expected == actual, $"seed {seed}\nbody: {body}\nold: {expected}\nnew: {actual}");
            foreach (var outcome in expected.Split('\n').Select(Category))
            {
                seen[outcome] = seen.GetValueOrDefault(outcome) + 1;
            }
        }

        // The generator must reach every kind of answer often, or the comparison proves little.
        var summary = string.Join(", ", seen.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
        foreach (var kind in new[] { "json", "batch", "invalid", "sale", "return", "adjustment", "unknown", "card data" })
        {
            Assert.True(seen.GetValueOrDefault(kind) >= 50, $"only {seen.GetValueOrDefault(kind)} {kind} outcomes: {summary}");
        }
    }

    private static string Category(string outcome) =>
        outcome.StartsWith("json:", StringComparison.Ordinal) ? "json"
        : outcome.StartsWith("batch:", StringComparison.Ordinal) ? "batch"
        : outcome.Contains("card data must never", StringComparison.Ordinal) ? "card data"
        : outcome.Contains(" INVALID ", StringComparison.Ordinal) ? "invalid"
        : outcome.Contains(" sale ", StringComparison.Ordinal) ? "sale"
        : outcome.Contains(" return ", StringComparison.Ordinal) ? "return"
        : outcome.Contains(" adjustment ", StringComparison.Ordinal) ? "adjustment"
        : "unknown";

    [Fact]
    public void Stored_events_parse_alone_exactly_like_in_their_batch()
    {
        for (var seed = 0; seed < 500; seed++)
        {
            var random = new Random(seed);
            var ev = Event(random, 7);
            var text = ev.ToJson();
            var alone = EventParser.ParseOne(Encoding.UTF8.GetBytes(text), 7);
            using var doc = JsonDocument.Parse(text);
            var old = Legacy.EventParser.Parse(doc.RootElement, 7);
            Assert.True(Describe(old) == Describe(alone), $"seed {seed}\n{text}\nold: {Describe(old)}\nnew: {Describe(alone)}");
        }
    }

    private static string Old(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(new MemoryStream(Encoding.UTF8.GetBytes(body))); // as the endpoint read it: a BOM skipped
            return Legacy.BatchReader.TryRead(doc.RootElement, out var events, out var error)
                ? string.Join("\n", events.Select(Describe))
                : "batch: " + error;
        }
        catch (JsonException ex)
        {
            return Invariant($"json: line {ex.LineNumber}, byte {ex.BytePositionInLine}");
        }
    }

    private static string New(string body)
    {
        try
        {
            return BatchReader.TryRead(Encoding.UTF8.GetBytes(body), out var events, out var error)
                ? string.Join("\n", events.Select(Describe))
                : "batch: " + error;
        }
        catch (JsonException ex)
        {
            return Invariant($"json: line {ex.LineNumber}, byte {ex.BytePositionInLine}");
        }
    }

    private static string Describe(Legacy.ParsedEvent e)
    {
        var head = Invariant($"{e.Seq} id={e.IdText} hash={e.HashText} type={e.TypeText} raw={e.RawJson}");
        if (e.Event is not { } ev)
        {
            return head + " INVALID " + e.Reason;
        }

        var payload = ev.Payload switch
        {
            Legacy.SalePayload s => Invariant($"sale {s.Currency} {s.Total} {Lines(s.Lines.Select(l => (l.Gtin, l.Qty, l.UnitPrice, l.LineTotal)))}"),
            Legacy.ReturnPayload r => Invariant($"return {r.OriginalId} {r.OriginalSeq} {r.Total} {Lines(r.Lines.Select(l => (l.Gtin, l.Qty, l.UnitPrice, l.LineTotal)))}"),
            Legacy.StockAdjustmentPayload a => Invariant($"adjustment {a.Gtin} {a.Delta} {a.Reason}"),
            _ => "unknown",
        };
        return head + Invariant($" OK {ev.Id} {ev.Type} {ev.OccurredAt:O} {ev.Hash} {payload}");
    }

    private static string Describe(ParsedEvent e)
    {
        var head = Invariant($"{e.Seq} id={e.IdText} hash={e.HashText} type={e.TypeText} raw={Encoding.UTF8.GetString(e.RawJson.Span)}");
        if (e.Event is not { } ev)
        {
            return head + " INVALID " + e.Reason;
        }

        var payload = ev.Payload switch
        {
            SalePayload s => Invariant($"sale {s.Currency} {s.Total} {Lines(s.Lines.Select(l => (l.Gtin, l.Qty, l.UnitPrice, l.LineTotal)))}"),
            ReturnPayload r => Invariant($"return {r.OriginalId} {r.OriginalSeq} {r.Total} {Lines(r.Lines.Select(l => (l.Gtin, l.Qty, l.UnitPrice, l.LineTotal)))}"),
            StockAdjustmentPayload a => Invariant($"adjustment {a.Gtin} {a.Delta} {a.Reason}"),
            _ => "unknown",
        };
        return head + Invariant($" OK {ev.Id} {ev.Type} {ev.OccurredAt:O} {ev.Hash} {payload}");
    }

    // Decimals print with their scale, so "1.50" and "1.5" differ here as they do in storage.
    private static string Lines(IEnumerable<(Gtin Gtin, decimal Qty, decimal UnitPrice, decimal LineTotal)> lines) =>
        string.Join(";", lines.Select(l => Invariant($"{l.Gtin}x{l.Qty}@{l.UnitPrice}={l.LineTotal}")));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    // ---- generation ----

    private static string Batch(Random random)
    {
        var roll = random.Next(100);
        if (roll < 3)
        {
            return random.Next(3) switch { 0 => "[1, 2]", 1 => "{\"events\": []}", _ => "{\"other\": 1}" };
        }

        var count = random.Next(1, 7);
        var events = new JArr([.. Enumerable.Range(1, count).Select(seq => (J)Event(random, seq))]);
        var root = new JObj([("events", events)]);
        if (roll < 8)
        {
            root.Props.Insert(random.Next(2), (random.Next(2) == 0 ? "events" : "ev\\u0065nts", Value(random)));
        }
        else if (roll < 11)
        {
            events.Items.Insert(random.Next(events.Items.Count + 1), Value(random));
        }
        else if (roll < 14)
        {
            events.Items.Add(new JRaw(events.Items[0].ToJson())); // a repeated seq
        }

        var text = root.ToJson();
        if (roll >= 14 && roll < 18)
        {
            text = text[..random.Next(text.Length)]; // cut short: malformed JSON
        }
        else if (roll == 18)
        {
            text += " {}";
        }
        else if (roll == 19)
        {
            text = "\uFEFF" + text;
        }

        return text;
    }

    private static JObj Event(Random random, long seq)
    {
        var type = random.Next(10) switch
        {
            < 5 => "sale",
            < 7 => "return",
            < 9 => "stock-adjustment",
            _ => "payment-reversal",
        };
        JObj payload = type switch
        {
            "sale" => new JObj([
                ("receiptNo", random.Next(4) == 0 ? new JRaw("17") : S("K1-" + seq)),
                ("currency", S("NOK")),
                ("lines", new JArr([.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => (J)Line(random))])),
                ("total", S("42.90")),
                ("vat", new JArr([new JObj([("rate", S("15")), ("base", S("37.30")), ("amount", S("5.60"))])])),
                ("payments", new JArr([new JObj([("method", S("card")), ("amount", S("42.90")), ("terminalRef", S("T-1"))])])),
            ]),
            "return" => new JObj([
                ("receiptNo", S("R" + seq)),
                ("originalId", S("0190a3c4-0000-7000-8000-000000000001")),
                ("originalSeq", new JRaw("1")),
                ("lines", new JArr([Line(random)])),
                ("total", S("42.90")),
                ("vat", new JArr([])),
                ("refunds", new JArr([new JObj([("method", S("cash")), ("amount", S("42.90"))])])),
            ]),
            "stock-adjustment" => new JObj([
                ("gtin", S("07040030001106")), ("delta", S(random.Next(2) == 0 ? "-3" : "+12.5")), ("reason", S("count")), ("staffId", S("s-17")),
            ]),
            _ => new JObj([("anything", new JRaw("1"))]),
        };
        var ev = new JObj([
            ("seq", new JRaw(seq.ToString(CultureInfo.InvariantCulture))),
            ("id", S(string.Create(CultureInfo.InvariantCulture, $"0190a3c4-0000-7000-8000-{seq:D12}"))),
            ("type", S(type)),
            ("occurredAt", S("2026-11-27T09:15:02.123+01:00")),
            ("payload", payload),
            ("hash", S(string.Create(CultureInfo.InvariantCulture, $"{seq:x8}aa"))),
        ]);

        var mutations = random.Next(3) == 0 ? 0 : random.Next(1, 4);
        for (var i = 0; i < mutations; i++)
        {
            Mutate(random, ev);
        }

        return ev;
    }

    private static JObj Line(Random random) => new([
        ("gtin", S(random.Next(2) == 0 ? "07038010001659" : "07040030001106")),
        ("name", S("Vare")),
        ("qty", S(random.Next(3) == 0 ? "0.532" : "1")),
        ("unitPrice", S("42.90")),
        ("vatRate", S("15")),
        ("lineTotal", S("42.90")),
    ]);

    private static void Mutate(Random random, JObj ev)
    {
        var objects = new List<JObj>();
        var arrays = new List<JArr>();
        Collect(ev, objects, arrays);
        if (arrays.Count > 0 && random.Next(6) == 0)
        {
            var array = arrays[random.Next(arrays.Count)];
            switch (random.Next(3))
            {
                case 0 when array.Items.Count > 0:
                    array.Items.RemoveAt(random.Next(array.Items.Count));
                    break;
                case 1:
                    array.Items.Insert(random.Next(array.Items.Count + 1), array.Items.Count > 0 && random.Next(2) == 0 ? new JRaw(array.Items[0].ToJson()) : Value(random));
                    break;
                default:
                    array.Items.Clear();
                    break;
            }

            return;
        }

        var target = objects[random.Next(objects.Count)];
        var props = target.Props;
        switch (random.Next(8))
        {
            case 0 when props.Count > 0:
                props.RemoveAt(random.Next(props.Count));
                break;
            case 1 when props.Count > 0:
            case 2 when props.Count > 0:
                var i = random.Next(props.Count);
                props[i] = (props[i].Name, Value(random));
                break;
            case 3 when props.Count > 0:
                var (name, _) = props[random.Next(props.Count)];
                props.Insert(random.Next(props.Count + 1), (name, Value(random)));
                break;
            case 4:
                var shuffled = props.OrderBy(_ => random.Next()).ToList();
                props.Clear();
                props.AddRange(shuffled);
                break;
            case 5 when random.Next(2) == 0:
                props.Insert(random.Next(props.Count + 1), (CardNames[random.Next(CardNames.Length)], S("4111111111111111")));
                break;
            case 5:
                // Card data (or near misses) as a value under an innocent name: issue 13 refuses it anywhere.
                props.Insert(random.Next(props.Count + 1), (ExtraNames[random.Next(ExtraNames.Length)], S(CardValues[random.Next(CardValues.Length)])));
                break;
            case 6 when props.Count > 0:
                var j = random.Next(props.Count);
                var original = props[j].Name;
                props[j] = (string.Create(CultureInfo.InvariantCulture, $"\\u{(int)original[0]:x4}{original[1..]}"), props[j].Value);
                break;
            default:
                props.Insert(random.Next(props.Count + 1), (ExtraNames[random.Next(ExtraNames.Length)], Value(random)));
                break;
        }
    }

    private static void Collect(J node, List<JObj> objects, List<JArr> arrays)
    {
        switch (node)
        {
            case JObj o:
                objects.Add(o);
                foreach (var (_, value) in o.Props)
                {
                    Collect(value, objects, arrays);
                }

                break;
            case JArr a:
                arrays.Add(a);
                foreach (var item in a.Items)
                {
                    Collect(item, objects, arrays);
                }

                break;
        }
    }

    private static J Value(Random random) => new JRaw(Pool[random.Next(Pool.Length)]);

    private static JRaw S(string text) => new(JsonSerializer.Serialize(text));

    /// <summary>A JSON tree that, unlike JsonObject, can hold repeated names and names written with escapes.</summary>
    private abstract class J
    {
        public abstract string ToJson();
    }

    private sealed class JRaw(string text) : J
    {
        public override string ToJson() => text;
    }

    private sealed class JObj(List<(string Name, J Value)> props) : J
    {
        public List<(string Name, J Value)> Props { get; } = props;

        public override string ToJson() => "{" + string.Join(",", Props.Select(p => "\"" + p.Name + "\":" + p.Value.ToJson())) + "}";
    }

    private sealed class JArr(List<J> items) : J
    {
        public List<J> Items { get; } = items;

        public override string ToJson() => "[" + string.Join(", ", Items.Select(i => i.ToJson())) + "]";
    }
}
