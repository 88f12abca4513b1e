using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace KioskRuntime.Barcodes.Gs1;

/// <summary>What kind of value an AI carries, which decides validation and the typed value.</summary>
internal enum Gs1AiKind
{
    /// <summary>GTIN-14 with check digit.</summary>
    Gtin,

    /// <summary>SSCC or GLN: digits with a mod-10 check digit.</summary>
    Key,

    /// <summary>YYMMDD, day 00 allowed.</summary>
    Date,

    /// <summary>YYMMDDHHMM, real day required.</summary>
    DateTime,

    /// <summary>N6 with <see cref="Gs1AiDefinition.Decimals"/> implied decimals.</summary>
    Measure,

    /// <summary>N..15 with implied decimals.</summary>
    Amount,

    /// <summary>N3 ISO 4217 currency + N..15 with implied decimals.</summary>
    AmountWithCurrency,

    /// <summary>N..8 count.</summary>
    Count,

    /// <summary>Digits kept as text.</summary>
    NumericText,

    /// <summary>GS1 AI encodable character set 82.</summary>
    Text,
}

/// <summary>One application identifier this library understands.</summary>
internal sealed record Gs1AiDefinition(string Ai, Gs1AiKind Kind, int MinLength, int MaxLength, int Decimals)
{
    public bool IsFixedLength => MinLength == MaxLength;
}

/// <summary>
/// The supported subset of the GS1 AI table (gs1.org syntax dictionary, field notes §2). GS1 AIs are prefix-free,
/// so at most one of the 2-, 3- and 4-digit candidates at a position is known. Immutable after type initialisation.
/// </summary>
internal static class Gs1ApplicationIdentifiers
{
    private static readonly FrozenDictionary<string, Gs1AiDefinition> Table = Build().ToFrozenDictionary(d => d.Ai, StringComparer.Ordinal);
    private static readonly FrozenDictionary<string, Gs1AiDefinition>.AlternateLookup<ReadOnlySpan<char>> SpanLookup =
        Table.GetAlternateLookup<ReadOnlySpan<char>>();

    public static IEnumerable<Gs1AiDefinition> All => Table.Values;

    public static bool TryFind(ReadOnlySpan<char> ai, [NotNullWhen(true)] out Gs1AiDefinition? definition)
        => SpanLookup.TryGetValue(ai, out definition);

    /// <summary>Finds the AI that starts <paramref name="data"/>, trying 2, 3 and 4 digits.</summary>
    public static bool TryMatchPrefix(ReadOnlySpan<char> data, [NotNullWhen(true)] out Gs1AiDefinition? definition)
    {
        for (int length = 2; length <= 4 && length <= data.Length; length++)
        {
            if (SpanLookup.TryGetValue(data[..length], out definition))
            {
                return true;
            }
        }

        definition = null;
        return false;
    }

    /// <summary>
    /// For an error message about an unknown AI: how many digits the AI starting with these two digits has,
    /// per the GS1 table of AI lengths by first two digits (23–25, 40–42, 71 → 3; 31–36, 39, 43, 70, 72, 80–82 → 4; else 2).
    /// </summary>
    public static int GuessLength(ReadOnlySpan<char> firstTwoDigits) => firstTwoDigits switch
    {
        "23" or "24" or "25" or "40" or "41" or "42" or "71" => 3,
        "31" or "32" or "33" or "34" or "35" or "36" or "39" or "43" or "70" or "72" or "80" or "81" or "82" => 4,
        _ => 2,
    };

    private static IEnumerable<Gs1AiDefinition> Build()
    {
        yield return new("00", Gs1AiKind.Key, 18, 18, 0);      // SSCC
        yield return new("01", Gs1AiKind.Gtin, 14, 14, 0);     // GTIN
        yield return new("02", Gs1AiKind.Gtin, 14, 14, 0);     // GTIN of contained trade items
        yield return new("10", Gs1AiKind.Text, 1, 20, 0);      // batch/lot
        foreach (string date in new[] { "11", "13", "15", "16", "17" })
        {
            yield return new(date, Gs1AiKind.Date, 6, 6, 0);   // production, packaging, best before, sell by, expiry
        }

        yield return new("20", Gs1AiKind.NumericText, 2, 2, 0); // variant
        yield return new("21", Gs1AiKind.Text, 1, 20, 0);      // serial
        yield return new("22", Gs1AiKind.Text, 1, 20, 0);      // consumer product variant (a GTIN key qualifier in GS1 Digital Link)
        yield return new("240", Gs1AiKind.Text, 1, 30, 0);     // additional product id
        yield return new("30", Gs1AiKind.Count, 1, 8, 0);      // variable count
        yield return new("37", Gs1AiKind.Count, 1, 8, 0);      // count of trade items
        for (int block = 310; block <= 369; block++)
        {
            for (int decimals = 0; decimals <= 5; decimals++)
            {
                yield return new($"{block}{decimals}", Gs1AiKind.Measure, 6, 6, decimals);
            }
        }

        for (int decimals = 0; decimals <= 9; decimals++)
        {
            yield return new($"392{decimals}", Gs1AiKind.Amount, 1, 15, decimals);
            yield return new($"393{decimals}", Gs1AiKind.AmountWithCurrency, 4, 18, decimals);
        }

        yield return new("400", Gs1AiKind.Text, 1, 30, 0);     // customer's purchase order number
        for (int gln = 410; gln <= 417; gln++)
        {
            yield return new($"{gln}", Gs1AiKind.Key, 13, 13, 0);
        }

        yield return new("7003", Gs1AiKind.DateTime, 10, 10, 0); // expiration date and time
    }
}
