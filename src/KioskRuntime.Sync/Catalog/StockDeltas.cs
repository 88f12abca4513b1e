using System.Text.Json;
using KioskRuntime.Contract;
using KioskRuntime.Domain;
using KioskRuntime.Journal;

namespace KioskRuntime.Sync.Catalog;

/// <summary>
/// The stock change each journal event causes, as the back office applies it: a sale lowers by each line's quantity, a return
/// raises, a stock adjustment adds its signed delta; other types change nothing. Reads the payload leniently (unknown fields are
/// ignored; a line that does not parse changes nothing and is counted in <see cref="Unreadable"/>).
/// </summary>
internal sealed class StockDeltas
{
    private readonly Dictionary<string, decimal> _deltas = new(StringComparer.Ordinal);

    /// <summary>The last seq added (the journal position these deltas cover up to).</summary>
    public long ThroughSeq { get; private set; }

    public int Unreadable { get; private set; }

    public IReadOnlyDictionary<string, decimal> ByGtin => _deltas;

    public decimal For(string gtin) => _deltas.GetValueOrDefault(gtin);

    /// <summary>Deltas of the journal events after <paramref name="afterSeq"/>, streamed (never the whole backlog in memory).</summary>
    public static StockDeltas After(KioskJournal journal, long afterSeq, string? onlyGtin = null)
    {
        var deltas = new StockDeltas { ThroughSeq = afterSeq };
        foreach (var entry in journal.ReadEvents(afterSeq + 1))
        {
            deltas.Add(entry, onlyGtin);
        }

        return deltas;
    }

    public void Add(JournalEntry entry, string? onlyGtin = null)
    {
        ThroughSeq = entry.Seq;
        var sign = entry.Type switch
        {
            EventTypes.Sale => -1,
            EventTypes.Return => 1,
            EventTypes.StockAdjustment => 1,
            _ => 0,
        };
        if (sign == 0 || (onlyGtin is not null && !entry.PayloadJson.Contains(onlyGtin, StringComparison.Ordinal)))
        {
            return;
        }

        try
        {
            using var doc = JsonDocument.Parse(entry.PayloadJson);
            var root = doc.RootElement;
            if (entry.Type == EventTypes.StockAdjustment)
            {
                AddOne(root, "delta", sign, onlyGtin);
                return;
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("lines", out var lines) && lines.ValueKind == JsonValueKind.Array)
            {
                foreach (var line in lines.EnumerateArray())
                {
                    AddOne(line, "qty", sign, onlyGtin);
                }
            }
        }
        catch (JsonException)
        {
            Unreadable++;
        }
    }

    private void AddOne(JsonElement obj, string quantityField, int sign, string? onlyGtin)
    {
        if (obj.ValueKind != JsonValueKind.Object
            || !obj.TryGetProperty("gtin", out var g) || g.ValueKind != JsonValueKind.String
            || !obj.TryGetProperty(quantityField, out var q) || q.ValueKind != JsonValueKind.String
            || !ContractDecimal.TryParseSigned(q.GetString(), out var quantity))
        {
            Unreadable++;
            return;
        }

        var gtin = g.GetString()!;
        if (onlyGtin is null || gtin == onlyGtin)
        {
            _deltas[gtin] = _deltas.GetValueOrDefault(gtin) + (sign * quantity);
        }
    }
}
