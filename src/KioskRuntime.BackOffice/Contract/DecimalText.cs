using System.Globalization;
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

    [GeneratedRegex(@"^-?[0-9]{1,15}\.[0-9]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex MoneyPattern();

    [GeneratedRegex(@"^[0-9]{1,15}(\.[0-9]{1,6})?$", RegexOptions.CultureInvariant)]
    private static partial Regex QuantityPattern();

    [GeneratedRegex(@"^[-+]?[0-9]{1,15}(\.[0-9]{1,6})?$", RegexOptions.CultureInvariant)]
    private static partial Regex SignedPattern();
}
