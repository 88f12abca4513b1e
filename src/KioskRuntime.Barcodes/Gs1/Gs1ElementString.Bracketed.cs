using System.Diagnostics.CodeAnalysis;

namespace KioskRuntime.Barcodes.Gs1;

/// <summary>Parsing of the bracketed human-readable form, <c>(01)07038010001659(17)270131(10)ABC</c>.</summary>
public sealed partial class Gs1ElementString
{
    /// <summary>
    /// Parses the bracketed form: each element is <c>(AI)value</c>; a literal '(' inside a value is written <c>\(</c>
    /// (GS1 character set 82 has no backslash, so the escape is unambiguous). GS characters are not allowed. Never throws.
    /// </summary>
    public static bool TryParseBracketed(string? text, [NotNullWhen(true)] out Gs1ElementString? result, [NotNullWhen(false)] out BarcodeParseError? error)
    {
        result = null;
        ReadOnlySpan<char> s = text.AsSpan();
        if (s.IsEmpty)
        {
            error = new BarcodeParseError("empty GS1 element string", null);
            return false;
        }

        var elements = new List<Gs1Element>(4);
        var value = new System.Text.StringBuilder();
        int pos = 0;
        while (pos < s.Length)
        {
            if (s[pos] != '(')
            {
                error = new BarcodeParseError($"expected '(' to open an application identifier, found '{CharDisplay.Printable(s[pos])}'", pos);
                return false;
            }

            int close = s[(pos + 1)..].IndexOf(')');
            if (close < 0)
            {
                error = new BarcodeParseError("'(' without a closing ')'", pos);
                return false;
            }

            ReadOnlySpan<char> ai = s.Slice(pos + 1, close);
            for (int i = 0; i < ai.Length; i++)
            {
                if (!char.IsAsciiDigit(ai[i]))
                {
                    error = new BarcodeParseError($"application identifier must be digits, found '{CharDisplay.Printable(ai[i])}'", pos + 1 + i);
                    return false;
                }
            }

            if (!Gs1ApplicationIdentifiers.TryFind(ai, out Gs1AiDefinition? definition))
            {
                error = new BarcodeParseError($"unknown or unsupported application identifier ({ai})", pos);
                return false;
            }

            int valueStart = pos + close + 2;
            pos = valueStart;
            value.Clear();
            while (pos < s.Length && s[pos] != '(')
            {
                char c = s[pos];
                if (c == GroupSeparator)
                {
                    error = new BarcodeParseError("GS is not allowed in the bracketed form", pos);
                    return false;
                }

                if (c == '\\' && pos + 1 < s.Length && s[pos + 1] == '(')
                {
                    pos++;
                    c = '(';
                }

                value.Append(c);
                pos++;
            }

            if (!TryAdd(elements, definition, value.ToString(), valueStart, out error))
            {
                // The value parser counted unescaped characters; point the offset at the input character instead.
                error = error with { Offset = InputOffset(s, valueStart, error.Offset) };
                return false;
            }
        }

        result = new Gs1ElementString([.. elements]);
        error = null;
        return true;
    }

    /// <summary>Maps an offset counted in an unescaped value back to the input, where each <c>\(</c> takes two characters.</summary>
    private static int? InputOffset(ReadOnlySpan<char> s, int valueStart, int? unescapedOffset)
    {
        if (unescapedOffset is not { } target || target <= valueStart)
        {
            return unescapedOffset;
        }

        int input = valueStart;
        for (int seen = valueStart; seen < target && input < s.Length; seen++)
        {
            input += s[input] == '\\' && input + 1 < s.Length && s[input + 1] == '(' ? 2 : 1;
        }

        return input;
    }

    /// <summary>Parses the bracketed form like <see cref="TryParseBracketed"/>.</summary>
    /// <exception cref="BarcodeFormatException">The input is not a valid bracketed GS1 element string.</exception>
    public static Gs1ElementString ParseBracketed(string text)
    {
        if (!TryParseBracketed(text, out Gs1ElementString? result, out BarcodeParseError? error))
        {
            throw error.ToException();
        }

        return result;
    }
}
