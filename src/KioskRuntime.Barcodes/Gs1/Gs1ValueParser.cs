using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace KioskRuntime.Barcodes.Gs1;

/// <summary>Validates one element value against its AI definition and builds the typed value. Pure.</summary>
internal static class Gs1ValueParser
{
    /// <summary>
    /// Validates <paramref name="value"/> (already cut to the element) for <paramref name="definition"/>.
    /// <paramref name="offset"/> is where the value starts in the whole input, so errors point into the input.
    /// </summary>
    public static bool TryParse(Gs1AiDefinition definition, ReadOnlySpan<char> value, int offset, [NotNullWhen(true)] out Gs1Value? typed, [NotNullWhen(false)] out BarcodeParseError? error)
    {
        typed = null;
        string ai = definition.Ai;
        if (value.Length < definition.MinLength || value.Length > definition.MaxLength)
        {
            string expected = definition.IsFixedLength
                ? $"exactly {definition.MinLength}"
                : $"{definition.MinLength} to {definition.MaxLength}";
            error = new BarcodeParseError($"AI ({ai}) needs {expected} characters, got {value.Length}", offset);
            return false;
        }

        if (definition.Kind == Gs1AiKind.Text)
        {
            for (int i = 0; i < value.Length; i++)
            {
                if (!IsCset82(value[i]))
                {
                    error = new BarcodeParseError($"AI ({ai}) contains '{CharDisplay.Printable(value[i])}', which is not in the GS1 character set 82", offset + i);
                    return false;
                }
            }

            typed = new Gs1TextValue(value.ToString());
            error = null;
            return true;
        }

        for (int i = 0; i < value.Length; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                error = new BarcodeParseError($"AI ({ai}) must be digits, found '{CharDisplay.Printable(value[i])}'", offset + i);
                return false;
            }
        }

        error = null;
        switch (definition.Kind)
        {
            case Gs1AiKind.Gtin:
            case Gs1AiKind.Key:
                GtinCheckDigit.TryCompute(value[..^1], out int check, out _);
                if (value[^1] - '0' != check)
                {
                    error = new BarcodeParseError($"AI ({ai}) check digit {value[^1]}, expected {check}", offset + value.Length - 1);
                    return false;
                }

                typed = definition.Kind == Gs1AiKind.Gtin ? new Gs1GtinValue(Gtin.Parse(value.ToString())) : new Gs1KeyValue(value.ToString());
                return true;

            case Gs1AiKind.Date:
                if (!TryParseDate(ai, value, offset, allowDayZero: true, out Gs1Date date, out error))
                {
                    return false;
                }

                typed = new Gs1DateValue(date);
                return true;

            case Gs1AiKind.DateTime:
                if (!TryParseDate(ai, value[..6], offset, allowDayZero: false, out Gs1Date day, out error))
                {
                    return false;
                }

                int hour = TwoDigits(value, 6);
                int minute = TwoDigits(value, 8);
                if (hour > 23)
                {
                    error = new BarcodeParseError($"AI ({ai}) hour {hour:D2} is not 00–23", offset + 6);
                    return false;
                }

                if (minute > 59)
                {
                    error = new BarcodeParseError($"AI ({ai}) minute {minute:D2} is not 00–59", offset + 8);
                    return false;
                }

                typed = new Gs1DateTimeValue(day, hour, minute);
                return true;

            case Gs1AiKind.Measure:
                typed = new Gs1MeasureValue(Scaled(value, definition.Decimals));
                return true;

            case Gs1AiKind.Amount:
                typed = new Gs1AmountValue(Scaled(value, definition.Decimals), null);
                return true;

            case Gs1AiKind.AmountWithCurrency:
                typed = new Gs1AmountValue(Scaled(value[3..], definition.Decimals), value[..3].ToString());
                return true;

            case Gs1AiKind.Count:
                typed = new Gs1CountValue(int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture));
                return true;

            default:
                typed = new Gs1TextValue(value.ToString());
                return true;
        }
    }

    /// <summary>GS1 AI encodable character set 82 (General Specifications figure 7.11-1).</summary>
    public static bool IsCset82(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '"' or '%' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or '-'
            or '.' or '/' or ':' or ';' or '<' or '=' or '>' or '?' or '_';

    private static bool TryParseDate(string ai, ReadOnlySpan<char> value, int offset, bool allowDayZero, out Gs1Date date, [NotNullWhen(false)] out BarcodeParseError? error)
    {
        date = default;
        int year = TwoDigits(value, 0);
        int month = TwoDigits(value, 2);
        int day = TwoDigits(value, 4);
        if (month is < 1 or > 12)
        {
            error = new BarcodeParseError($"AI ({ai}) month {month:D2} is not 01–12", offset + 2);
            return false;
        }

        // The century is not encoded: allow Feb 29 whenever the two-digit year is divisible by 4.
        int maxDay = month == 2 ? (year % 4 == 0 ? 29 : 28) : DateTime.DaysInMonth(2001, month);
        if (day > maxDay || (day == 0 && !allowDayZero))
        {
            error = new BarcodeParseError(
                day == 0 ? $"AI ({ai}) day 00 is not allowed here" : $"AI ({ai}) day {day:D2} does not exist in month {month:D2}",
                offset + 4);
            return false;
        }

        date = new Gs1Date(year, month, day);
        error = null;
        return true;
    }

    private static int TwoDigits(ReadOnlySpan<char> value, int at) => ((value[at] - '0') * 10) + (value[at + 1] - '0');

    private static decimal Scaled(ReadOnlySpan<char> digits, int decimals)
    {
        // At most 15 digits: fits 64 bits exactly. Building the decimal with its scale keeps the encoded precision (1.250, not 1.25).
        ulong units = ulong.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        return new decimal((int)(uint)units, (int)(uint)(units >> 32), 0, false, (byte)decimals);
    }
}
