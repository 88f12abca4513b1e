using System.Collections.Frozen;

namespace KioskRuntime.Hardware.Profiles;

/// <summary>
/// How GS1 codes carrying weight, price and dates are sold (profile <c>gs1</c>). Defaults are the Norwegian rules: a use-by date
/// (AI 17, "siste forbruksdag", EU FIC 1169/2011 art. 24) or an expiry date and time (AI 7003) that has passed refuses the item;
/// best before (AI 15, "best før") and sell by (AI 16) do not. Immutable.
/// </summary>
public sealed record Gs1Rules
{
    /// <summary>The Norwegian defaults of <see cref="Dates"/>.</summary>
    public static IReadOnlyDictionary<string, Gs1DateRule> NorwegianDates { get; } = new Dictionary<string, Gs1DateRule>(StringComparer.Ordinal)
    {
        ["17"] = Gs1DateRule.RefuseAfter,
        ["7003"] = Gs1DateRule.RefuseAfter,
        ["15"] = Gs1DateRule.Sell,
        ["16"] = Gs1DateRule.Sell,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The date AIs a profile may set a rule for.</summary>
    public static IReadOnlyList<string> DateAis { get; } = ["15", "16", "17", "7003"];

    /// <summary>
    /// The largest difference, in the sale currency, allowed between a label's price to pay (AI 392n/393n) and the catalogue's unit
    /// price × the label's weight (or the catalogue price for a counted item). Beyond it the scan is refused, never repriced.
    /// </summary>
    public decimal PriceTolerance { get; init; } = 0.10m;

    /// <summary>The rule per date AI (<c>15</c>, <c>16</c>, <c>17</c>, <c>7003</c>); a profile overrides single entries.</summary>
    public IReadOnlyDictionary<string, Gs1DateRule> Dates { get; init; } = NorwegianDates;

    /// <summary>ISO 4217 numeric code of an alphabetic one this kiosk may sell in, or null (AI 393n carries the numeric code).</summary>
    public static string? NumericCurrency(string alphabetic) => alphabetic switch
    {
        "NOK" => "578",
        "SEK" => "752",
        "DKK" => "208",
        "ISK" => "352",
        "EUR" => "978",
        "GBP" => "826",
        "USD" => "840",
        _ => null,
    };
}
