using System.Globalization;
using System.Text;

namespace KioskRuntime.Printing.EscPos;

/// <summary>A piece of text encoded in one code table (<see cref="Table"/> null = plain ASCII, valid in every table).</summary>
internal readonly record struct EncodedRun(CodeTable? Table, byte[] Bytes);

/// <summary>
/// Splits text into runs that each print in one code table, trying the profile's tables in preference order and
/// transliterating what none of them has. Control characters never reach the printer (they would be commands).
/// </summary>
internal static class TextRuns
{
    public static List<EncodedRun> Encode(string text, IReadOnlyList<CodeTable> tables, CodeTable? current)
    {
        var runs = new List<EncodedRun>();
        var bytes = new List<byte>();
        CodeTable? runTable = null;
        if (current is not null && !tables.Contains(current))
        {
            current = null;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= ' ' and < '\u007f')
            {
                bytes.Add((byte)c);
                continue;
            }

            if (char.IsControl(c))
            {
                bytes.Add((byte)' ');
                continue;
            }

            // Stay in the run's table (or the printer's current one) while it has the character: fewer ESC t switches.
            var stay = runTable ?? current;
            if (stay is not null && stay.TryEncode(c, out var b))
            {
                runTable = stay;
                bytes.Add(b);
                continue;
            }

            var best = BestTable(text, i, tables, c);
            if (best is null)
            {
                foreach (var t in Transliterate(c))
                {
                    bytes.Add((byte)t);
                }

                continue;
            }

            if (runTable is not null)
            {
                runs.Add(new EncodedRun(runTable, [.. bytes]));
                bytes.Clear();
            }

            runTable = best;
            best.TryEncode(c, out b);
            bytes.Add(b);
        }

        if (bytes.Count > 0)
        {
            runs.Add(new EncodedRun(runTable, [.. bytes]));
        }

        return runs;
    }

    /// <summary>The table, in preference order, that prints the longest stretch of non-ASCII characters from <paramref name="start"/>.</summary>
    private static CodeTable? BestTable(string text, int start, IReadOnlyList<CodeTable> tables, char c0)
    {
        CodeTable? best = null;
        var bestLength = 0;
        foreach (var table in tables)
        {
            if (!table.CanEncode(c0))
            {
                continue;
            }

            var length = 0;
            for (var j = start; j < text.Length; j++)
            {
                var c = text[j];
                if (c is >= ' ' and < '\u007f')
                {
                    continue;
                }

                if (!table.CanEncode(c))
                {
                    break;
                }

                length++;
            }

            if (length > bestLength)
            {
                best = table;
                bestLength = length;
            }
        }

        return best;
    }

    /// <summary>Last resort when no code table of the printer has <paramref name="c"/>: an ASCII spelling.</summary>
    public static string Transliterate(char c) => c switch
    {
        'æ' => "ae",
        'Æ' => "AE",
        'ø' => "o",
        'Ø' => "O",
        'å' => "aa",
        'Å' => "AA",
        '€' => "EUR",
        '–' or '—' or '−' => "-",
        '‘' or '’' => "'",
        '“' or '”' or '«' or '»' => "\"",
        '…' => "...",
        '\u00a0' or '\u202f' or '\u2009' => " ",
        _ => StripDiacritics(c),
    };

    private static string StripDiacritics(char c)
    {
        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder();
        foreach (var d in decomposed)
        {
            if (d is >= ' ' and < '\u007f')
            {
                builder.Append(d);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)
            {
                return "?";
            }
        }

        return builder.Length == 0 ? "?" : builder.ToString();
    }
}
