using System.Text.Json;

namespace KioskRuntime.Hardware.Profiles;

/// <summary>The profile's <c>adjustmentCategories</c>: the kiosk's stock adjustment reasons → the inventory account's categories.</summary>
public sealed partial class ProfileLoader
{
    /// <summary>The reasons a stock adjustment can carry (kioskd's stock flow and the upstream contract).</summary>
    private static readonly string[] AdjustmentReasons = ["count", "damage", "theft", "received", "other"];

    private static Dictionary<string, string> ReadAdjustmentCategories(JsonElement root, Validation v)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!root.TryGetProperty("adjustmentCategories", out var block))
        {
            return map;
        }

        if (block.ValueKind != JsonValueKind.Object)
        {
            v.Add("adjustmentCategories", $"expected an object like {{ \"damage\": \"Waste\", \"count\": \"Status\" }}, found {Validation.Describe(block)}");
            return map;
        }

        foreach (var p in block.EnumerateObject())
        {
            var path = $"adjustmentCategories.{p.Name}";
            if (!AdjustmentReasons.Contains(p.Name, StringComparer.Ordinal))
            {
                v.Add(path, $"unknown adjustment reason; expected {string.Join(", ", AdjustmentReasons)}");
                continue;
            }

            var category = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : null;
            if (category is null || category.Trim().Length == 0 || category.Length > 60 || category.Contains(':', StringComparison.Ordinal)
                || category.Any(char.IsControl) || category.Trim() != category)
            {
                v.Add(path, $"expected the account's category name (1 to 60 characters, no ':' or control characters, no surrounding spaces), found {Validation.Describe(p.Value)}");
                continue;
            }

            map[p.Name] = category;
        }

        return map;
    }
}
