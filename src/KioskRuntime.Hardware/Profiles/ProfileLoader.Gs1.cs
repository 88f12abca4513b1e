using System.Globalization;
using System.Text.Json;

namespace KioskRuntime.Hardware.Profiles;

/// <summary>The profile's <c>gs1</c> section: price tolerance and the rule per date AI.</summary>
public sealed partial class ProfileLoader
{
    private static Gs1Rules ReadGs1(JsonElement root, Validation v)
    {
        var defaults = new Gs1Rules();
        if (!root.TryGetProperty("gs1", out var g))
        {
            return defaults;
        }

        if (g.ValueKind != JsonValueKind.Object)
        {
            v.Add("gs1", "expected an object like { \"priceTolerance\": \"0.10\", \"dates\": { \"17\": \"refuse-after\", \"15\": \"sell\" } }");
            return defaults;
        }

        foreach (var p in g.EnumerateObject().Where(p => p.Name is not ("priceTolerance" or "dates")))
        {
            v.Add($"gs1.{p.Name}", "unknown setting; expected priceTolerance, dates");
        }

        var tolerance = defaults.PriceTolerance;
        if (v.OptionalString(g, "priceTolerance", "gs1.priceTolerance") is { } text)
        {
            if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var t) && t is >= 0 and <= 100)
            {
                tolerance = t;
            }
            else
            {
                v.Add("gs1.priceTolerance", $"'{text}' is not an amount from 0 to 100 like \"0.10\"");
            }
        }

        var dates = new Dictionary<string, Gs1DateRule>(Gs1Rules.NorwegianDates, StringComparer.Ordinal);
        if (g.TryGetProperty("dates", out var d))
        {
            if (d.ValueKind != JsonValueKind.Object)
            {
                v.Add("gs1.dates", "expected an object like { \"17\": \"refuse-after\", \"15\": \"sell\" }");
            }
            else
            {
                foreach (var rule in d.EnumerateObject())
                {
                    var path = $"gs1.dates.{rule.Name}";
                    if (!Gs1Rules.DateAis.Contains(rule.Name))
                    {
                        v.Add(path, $"'{rule.Name}' is not a date AI this kiosk reads; expected one of {string.Join(", ", Gs1Rules.DateAis)}");
                        continue;
                    }

                    switch (rule.Value.ValueKind == JsonValueKind.String ? rule.Value.GetString() : null)
                    {
                        case "sell": dates[rule.Name] = Gs1DateRule.Sell; break;
                        case "refuse-after": dates[rule.Name] = Gs1DateRule.RefuseAfter; break;
                        default: v.Add(path, $"expected \"sell\" or \"refuse-after\", found {Validation.Describe(rule.Value)}"); break;
                    }
                }
            }
        }

        return new Gs1Rules { PriceTolerance = tolerance, Dates = dates };
    }
}
