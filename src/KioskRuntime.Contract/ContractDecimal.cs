using System.Globalization;

namespace KioskRuntime.Contract;

/// <summary>
/// The contract's decimal strings, never JSON floats: money with exactly two decimals (<c>"24.90"</c>), quantities and stock without
/// trailing zeros (<c>"1"</c>, <c>"0.532"</c>, <c>"-2"</c>), VAT rates as percent (<c>"25"</c>, <c>"11.11"</c>). Invariant culture.
/// Thread-safe: pure.
/// </summary>
public static class ContractDecimal
{
    private const NumberStyles Signed = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    /// <summary>Money: invariant, exactly two decimals.</summary>
    public static string FormatMoney(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A quantity (or a stock figure or a delta): invariant, at most three decimals, no trailing zeros.</summary>
    public static string FormatQuantity(decimal quantity) => quantity.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A VAT rate in percent: invariant, at most two decimals, no trailing zeros.</summary>
    public static string FormatRate(decimal percent) => percent.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A signed decimal string: digits with an optional leading sign and decimal point; no exponent, no grouping, no spaces.</summary>
    public static bool TryParseSigned(string? text, out decimal value) =>
        decimal.TryParse(text, Signed, CultureInfo.InvariantCulture, out value);

    /// <summary>An unsigned decimal string (a rate, a limit): as <see cref="TryParseSigned"/> without the sign.</summary>
    public static bool TryParseUnsigned(string? text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
}
