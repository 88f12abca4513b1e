using System.Diagnostics.CodeAnalysis;

namespace KioskRuntime.Barcodes.Gs1;

/// <summary>Parsing of the raw form (FNC1 transmitted as GS 0x1D).</summary>
public sealed partial class Gs1ElementString
{
    /// <summary>The ASCII group separator a scanner sends for an FNC1 after the first.</summary>
    public const char GroupSeparator = '\u001D';

    /// <summary>
    /// Parses the raw form as a GS1 carrier transmits it after its symbology identifier: AIs and values, a GS after each
    /// variable-length value that is not last, no leading FNC1. Tolerated: one leading GS, a GS after a fixed-length value,
    /// a trailing GS. Never throws.
    /// </summary>
    public static bool TryParse(string? data, [NotNullWhen(true)] out Gs1ElementString? result, [NotNullWhen(false)] out BarcodeParseError? error)
    {
        result = null;
        ReadOnlySpan<char> s = data.AsSpan();
        int pos = 0;
        if (s.Length > 0 && s[0] == GroupSeparator)
        {
            pos = 1;
        }

        if (pos >= s.Length)
        {
            error = new BarcodeParseError("empty GS1 element string", null);
            return false;
        }

        var elements = new List<Gs1Element>(4);
        while (pos < s.Length)
        {
            if (!TryReadAi(s, pos, out Gs1AiDefinition? definition, out error))
            {
                return false;
            }

            int valueStart = pos + definition.Ai.Length;
            int valueEnd;
            if (definition.IsFixedLength)
            {
                valueEnd = Math.Min(valueStart + definition.MaxLength, s.Length);
                int separator = s[valueStart..valueEnd].IndexOf(GroupSeparator);
                if (separator >= 0)
                {
                    error = new BarcodeParseError(
                        $"AI ({definition.Ai}) needs exactly {definition.MaxLength} characters, got {separator} before a GS", valueStart + separator);
                    return false;
                }

                pos = valueEnd < s.Length && s[valueEnd] == GroupSeparator ? valueEnd + 1 : valueEnd;
            }
            else
            {
                int separator = s[valueStart..].IndexOf(GroupSeparator);
                valueEnd = separator < 0 ? s.Length : valueStart + separator;
                pos = separator < 0 ? s.Length : valueEnd + 1;
            }

            if (!TryAdd(elements, definition, s[valueStart..valueEnd], valueStart, out error))
            {
                return false;
            }
        }

        result = new Gs1ElementString([.. elements]);
        error = null;
        return true;
    }

    /// <summary>Parses the raw form like <see cref="TryParse(string?, out Gs1ElementString?, out BarcodeParseError?)"/>.</summary>
    /// <exception cref="BarcodeFormatException">The input is not a valid GS1 element string; the message names the AI and offset.</exception>
    public static Gs1ElementString Parse(string data)
    {
        if (!TryParse(data, out Gs1ElementString? result, out BarcodeParseError? error))
        {
            throw error.ToException();
        }

        return result;
    }

    private static bool TryReadAi(ReadOnlySpan<char> s, int pos, [NotNullWhen(true)] out Gs1AiDefinition? definition, [NotNullWhen(false)] out BarcodeParseError? error)
    {
        ReadOnlySpan<char> rest = s[pos..];
        int digits = 0;
        while (digits < 4 && digits < rest.Length && char.IsAsciiDigit(rest[digits]))
        {
            digits++;
        }

        if (digits < 2 && digits == rest.Length)
        {
            error = new BarcodeParseError("the data ends inside an application identifier", pos);
            definition = null;
            return false;
        }

        if (digits < 2)
        {
            char found = rest[digits];
            error = new BarcodeParseError(
                found == GroupSeparator
                    ? "expected an application identifier, found an empty element (GS)"
                    : $"expected an application identifier (2–4 digits), found '{CharDisplay.Printable(found)}'",
                pos + digits);
            definition = null;
            return false;
        }

        if (Gs1ApplicationIdentifiers.TryMatchPrefix(rest[..digits], out definition))
        {
            error = null;
            return true;
        }

        int guess = Math.Min(Gs1ApplicationIdentifiers.GuessLength(rest[..2]), digits);
        error = new BarcodeParseError($"unknown or unsupported application identifier ({rest[..guess]})", pos);
        return false;
    }

    private static bool TryAdd(List<Gs1Element> elements, Gs1AiDefinition definition, ReadOnlySpan<char> value, int valueStart, [NotNullWhen(false)] out BarcodeParseError? error)
    {
        if (!Gs1ValueParser.TryParse(definition, value, valueStart, out Gs1Value? typed, out error))
        {
            return false;
        }

        foreach (Gs1Element existing in elements)
        {
            if (existing.Ai == definition.Ai)
            {
                if (!value.SequenceEqual(existing.RawValue))
                {
                    error = new BarcodeParseError($"AI ({definition.Ai}) appears twice with different values", valueStart - definition.Ai.Length);
                    return false;
                }

                return true; // an identical repeat is allowed and kept once
            }
        }

        elements.Add(new Gs1Element(definition.Ai, value.ToString(), typed));
        return true;
    }
}
