using CsCheck;
using KioskRuntime.Barcodes;
using KioskRuntime.Barcodes.Gs1;

namespace KioskRuntime.Barcodes.Tests;

/// <summary>CsCheck generators for barcode payloads, valid and hostile.</summary>
internal static class Generators
{
    public const string Cset82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

    public static readonly Gen<string> Digits1To15 = DigitString(1, 15);

    /// <summary>Strings from the characters parsers care about: digits, GS, brackets, escapes, CR/LF, letters, a few non-ASCII.</summary>
    public static readonly Gen<string> Hostile = Gen.OneOf(
        Gen.String,
        Gen.Char["0123456789"].Array[0, 20].Select(a => new string(a)),
        Gen.Char["0123456789\u001D()\\\r\n]AEQCdez "].Array[0, 60].Select(a => new string(a)),
        Gen.Char["0123456789\u001D"].Array[0, 60].Select(a => new string(a)),
        Gen.Byte.Array[0, 64].Select(b => System.Text.Encoding.Latin1.GetString(b)));

    public static readonly Gen<string?> AimIds = Gen.OneOf<string?>(
        Gen.Const((string?)null),
        Gen.OneOf<string?>("]E0", "]E3", "]E4", "]E1", "]C0", "]C1", "]e0", "]d2", "]Q3", "]J1", "]I1", "]Q1", "", "]", "E0", "]]]", "]E0 "),
        Gen.String[0, 4].Select(s => (string?)s));

    /// <summary>A valid GTIN of 8, 12, 13 or 14 digits as text.</summary>
    public static readonly Gen<string> ValidGtinText =
        Gen.OneOf(Gen.Const(8), Gen.Const(12), Gen.Const(13), Gen.Const(14))
            .SelectMany(length => DigitString(length - 1, length - 1))
            .Select(data => data + GtinCheckDigit.Compute(data));

    private static readonly Gs1AiDefinition[] AllAis = [.. Gs1ApplicationIdentifiers.All.OrderBy(d => d.Ai, StringComparer.Ordinal)];

    private static readonly Dictionary<string, Gen<string>> ValueGens = AllAis.ToDictionary(d => d.Ai, ValueFor);

    private static readonly Gen<(string Ai, string Value)> Gs1Element =
        Gen.Int[0, AllAis.Length - 1].SelectMany(i => ValueGens[AllAis[i].Ai].Select(v => (AllAis[i].Ai, v)));

    /// <summary>A list of 1–6 distinct-AI elements with valid values, as (AI, raw value).</summary>
    public static readonly Gen<(string Ai, string Value)[]> Gs1Elements =
        Gs1Element.Array[1, 6].Select(elements => elements.DistinctBy(e => e.Ai, StringComparer.Ordinal).ToArray());

    /// <summary>One element of the given AI with a valid value.</summary>
    public static Gen<(string Ai, string Value)> ElementOf(string ai) => ValueGens[ai].Select(v => (ai, v));

    public static Gen<string> DigitString(int min, int max) => Gen.Char['0', '9'].Array[min, max].Select(a => new string(a));

    /// <summary>The raw form, built independently of the library: GS after variable-length values except the last.</summary>
    public static string Raw((string Ai, string Value)[] elements)
    {
        var builder = new System.Text.StringBuilder();
        for (int i = 0; i < elements.Length; i++)
        {
            Gs1ApplicationIdentifiers.TryFind(elements[i].Ai, out Gs1AiDefinition? d);
            builder.Append(elements[i].Ai).Append(elements[i].Value);
            if (!d!.IsFixedLength && i < elements.Length - 1)
            {
                builder.Append('\u001D');
            }
        }

        return builder.ToString();
    }

    /// <summary>The bracketed form, '(' in values escaped.</summary>
    public static string Bracketed((string Ai, string Value)[] elements)
        => string.Concat(elements.Select(e => $"({e.Ai}){e.Value.Replace("(", "\\(", StringComparison.Ordinal)}"));

    private static Gen<string> ValueFor(Gs1AiDefinition d) => d.Kind switch
    {
        Gs1AiKind.Gtin or Gs1AiKind.Key => DigitString(d.MaxLength - 1, d.MaxLength - 1).Select(s => s + GtinCheckDigit.Compute(s)),
        Gs1AiKind.Date => Date(allowDayZero: true),
        Gs1AiKind.DateTime => Gen.Select(Date(allowDayZero: false), Gen.Int[0, 23], Gen.Int[0, 59], (date, h, m) => $"{date}{h:D2}{m:D2}"),
        Gs1AiKind.AmountWithCurrency => Gen.Select(DigitString(3, 3), Digits1To15, (c, a) => c + a),
        Gs1AiKind.Text => Gen.Char[Cset82].Array[d.MinLength, d.MaxLength].Select(a => new string(a)),
        _ => DigitString(d.MinLength, d.MaxLength),
    };

    private static Gen<string> Date(bool allowDayZero) =>
        Gen.Select(Gen.Int[0, 99], Gen.Int[1, 12]).SelectMany((yy, mm) =>
        {
            int max = mm == 2 ? (yy % 4 == 0 ? 29 : 28) : DateTime.DaysInMonth(2001, mm);
            return Gen.Int[allowDayZero ? 0 : 1, max].Select(dd => $"{yy:D2}{mm:D2}{dd:D2}");
        });
}
