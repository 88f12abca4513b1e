using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace KioskRuntime.BackOffice.Contract;

/// <summary>
/// The contract's decimal strings: money has exactly two decimals (<c>"24.90"</c>), quantities are plain decimals
/// (<c>"1"</c>, <c>"0.532"</c>). Never a JSON number. Parsing is culture-invariant and bounded in length.
/// </summary>
internal static partial class DecimalText
{
    public static bool TryParseMoney(string? text, out decimal value) => TryParse(text, MoneyPattern(), out value);

    /// <summary>A non-negative quantity.</summary>
    public static bool TryParseQuantity(string? text, out decimal value) => TryParse(text, QuantityPattern(), out value);

    /// <summary>A signed delta, e.g. <c>"-3"</c> or <c>"+12"</c>.</summary>
    public static bool TryParseSigned(string? text, out decimal value) => TryParse(text, SignedPattern(), out value);

    /// <summary>
    /// <see cref="TryParseMoney(string?, out decimal)"/> over UTF-8 text, without a string for the usual shapes: a text the
    /// fast path cannot settle (a sign on zero, more than 19 digits, anything off the pattern) is decided by the string version.
    /// </summary>
    public static bool TryParseMoney(ReadOnlySpan<byte> utf8, out decimal value) =>
        TryParseFast(utf8, Shape.Money, out value) || TryParseMoney(Encoding.UTF8.GetString(utf8), out value);

    /// <summary><see cref="TryParseQuantity(string?, out decimal)"/> over UTF-8 text (see <see cref="TryParseMoney(ReadOnlySpan{byte}, out decimal)"/>).</summary>
    public static bool TryParseQuantity(ReadOnlySpan<byte> utf8, out decimal value) =>
        TryParseFast(utf8, Shape.Quantity, out value) || TryParseQuantity(Encoding.UTF8.GetString(utf8), out value);

    /// <summary><see cref="TryParseSigned(string?, out decimal)"/> over UTF-8 text (see <see cref="TryParseMoney(ReadOnlySpan{byte}, out decimal)"/>).</summary>
    public static bool TryParseSigned(ReadOnlySpan<byte> utf8, out decimal value) =>
        TryParseFast(utf8, Shape.Signed, out value) || TryParseSigned(Encoding.UTF8.GetString(utf8), out value);

    /// <summary>Formats a quantity without trailing zeros: 42 → "42", 12.500 → "12.5".</summary>
    public static string FormatQuantity(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    public static string FormatMoney(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static bool TryParse(string? text, Regex pattern, out decimal value)
    {
        value = 0m;
        return text is not null
               && pattern.IsMatch(text)
               && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                   CultureInfo.InvariantCulture, out value);
    }

    private enum Shape
    {
        Money,
        Quantity,
        Signed,
    }

    /// <summary>
    /// True only for a text that the shape's pattern matches exactly (no trailing newline, which <c>$</c> would let through)
    /// with at most 19 digits and not a signed zero; the value is then what <c>decimal.TryParse</c> gives (same digits, same
    /// scale). False means "not settled here", never "invalid".
    /// </summary>
    private static bool TryParseFast(ReadOnlySpan<byte> text, Shape shape, out decimal value)
    {
        value = 0m;
        var i = 0;
        var negative = false;
        if (i < text.Length && shape != Shape.Quantity && (text[i] == (byte)'-' || (shape == Shape.Signed && text[i] == (byte)'+')))
        {
            negative = text[i] == (byte)'-';
            i++;
        }

        ulong mantissa = 0;
        var intStart = i;
        while (i < text.Length && char.IsAsciiDigit((char)text[i]))
        {
            mantissa = (mantissa * 10) + (uint)(text[i] - '0');
            i++;
            if (i - intStart > 15)
            {
                return false;
            }
        }

        var intDigits = i - intStart;
        if (intDigits == 0)
        {
            return false;
        }

        var scale = 0;
        if (i < text.Length && text[i] == (byte)'.')
        {
            i++;
            var fracStart = i;
            while (i < text.Length && char.IsAsciiDigit((char)text[i]))
            {
                if (intDigits + (i - fracStart) >= 19)
                {
                    return false; // could overflow the 64-bit mantissa: the string version decides
                }

                mantissa = (mantissa * 10) + (uint)(text[i] - '0');
                i++;
            }

            scale = i - fracStart;
            var scaleOk = shape == Shape.Money ? scale == 2 : scale is >= 1 and <= 6;
            if (!scaleOk)
            {
                return false;
            }
        }
        else if (shape == Shape.Money)
        {
            return false;
        }

        if (i != text.Length || (negative && mantissa == 0))
        {
            return false;
        }

        value = new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), 0, negative, (byte)scale);
        return true;
    }

    [GeneratedRegex(@"^-?[0-9]{1,15}\.[0-9]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex MoneyPattern();

    [GeneratedRegex(@"^[0-9]{1,15}(\.[0-9]{1,6})?$", RegexOptions.CultureInvariant)]
    private static partial Regex QuantityPattern();

    [GeneratedRegex(@"^[-+]?[0-9]{1,15}(\.[0-9]{1,6})?$", RegexOptions.CultureInvariant)]
    private static partial Regex SignedPattern();
}
