using System.Globalization;
using System.Text;

namespace KioskRuntime.BackOffice.Contract;

/// <summary>
/// The contract's decimal strings, never JSON numbers: money has exactly two decimals (<c>"24.90"</c>, <c>"-3.00"</c>),
/// quantities are plain non-negative decimals (<c>"1"</c>, <c>"0.532"</c>), a stock delta may carry a sign (<c>"-3"</c>,
/// <c>"+12"</c>). At most 15 digits before the point and 6 after it (money: 2); ASCII digits only, no white space, no
/// exponent, no thousands separator. One parser for the three shapes; the value keeps the digits and the scale written
/// (<c>"1.50"</c> is 1.50, <c>"-0.00"</c> keeps its sign), as <see cref="decimal.Parse(string)"/> would give them.
/// </summary>
internal static class DecimalText
{
    private const int MaxIntegerDigits = 15;
    private const int MaxFractionDigits = 6;

    private enum Shape
    {
        Money,
        Quantity,
        Signed,
    }

    public static bool TryParseMoney(string? text, out decimal value) => TryParse(text, Shape.Money, out value);

    /// <summary>A non-negative quantity.</summary>
    public static bool TryParseQuantity(string? text, out decimal value) => TryParse(text, Shape.Quantity, out value);

    /// <summary>A signed delta, e.g. <c>"-3"</c> or <c>"+12"</c>.</summary>
    public static bool TryParseSigned(string? text, out decimal value) => TryParse(text, Shape.Signed, out value);

    public static bool TryParseMoney(ReadOnlySpan<byte> utf8, out decimal value) => TryParse(utf8, Shape.Money, out value);

    public static bool TryParseQuantity(ReadOnlySpan<byte> utf8, out decimal value) => TryParse(utf8, Shape.Quantity, out value);

    public static bool TryParseSigned(ReadOnlySpan<byte> utf8, out decimal value) => TryParse(utf8, Shape.Signed, out value);

    /// <summary>Formats a quantity without trailing zeros: 42 → "42", 12.500 → "12.5".</summary>
    public static string FormatQuantity(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    public static string FormatMoney(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static bool TryParse(string? text, Shape shape, out decimal value)
    {
        value = 0m;
        return text is not null && TryParse(Encoding.UTF8.GetBytes(text), shape, out value);
    }

    private static bool TryParse(ReadOnlySpan<byte> text, Shape shape, out decimal value)
    {
        value = 0m;
        var i = 0;
        var negative = false;
        if (i < text.Length && (text[i] == (byte)'-' ? shape != Shape.Quantity : text[i] == (byte)'+' && shape == Shape.Signed))
        {
            negative = text[i] == (byte)'-';
            i++;
        }

        // At most 21 digits in all: the mantissa fits in 96 bits (a decimal's) with room to spare.
        UInt128 mantissa = 0;
        var intStart = i;
        for (; i < text.Length && char.IsAsciiDigit((char)text[i]); i++)
        {
            mantissa = (mantissa * 10) + (uint)(text[i] - '0');
        }

        if (i - intStart is < 1 or > MaxIntegerDigits)
        {
            return false;
        }

        var scale = 0;
        if (i < text.Length && text[i] == (byte)'.')
        {
            var fracStart = ++i;
            for (; i < text.Length && char.IsAsciiDigit((char)text[i]); i++)
            {
                mantissa = (mantissa * 10) + (uint)(text[i] - '0');
            }

            scale = i - fracStart;
            if (shape == Shape.Money ? scale != 2 : scale is < 1 or > MaxFractionDigits)
            {
                return false;
            }
        }
        else if (shape == Shape.Money)
        {
            return false;
        }

        if (i != text.Length)
        {
            return false;
        }

        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), (int)(uint)(mantissa >> 64), negative, (byte)scale);
        return true;
    }
}
