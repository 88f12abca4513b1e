using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KioskRuntime.Hardware.Profiles;

/// <summary>The profile's <c>returns</c> block (window, approval) and the operators group name rule.</summary>
public sealed partial class ProfileLoader
{
    private const string ReturnsExample = "{ \"windowDays\": 30, \"approval\": \"always\" } or { \"windowDays\": 14, \"approval\": { \"above\": \"500.00\" } }";

    private static ReturnPolicy ReadReturns(JsonElement root, Validation v)
    {
        var defaults = new ReturnPolicy();
        if (!root.TryGetProperty("returns", out var r))
        {
            return defaults;
        }

        if (r.ValueKind != JsonValueKind.Object)
        {
            v.Add("returns", $"expected an object like {ReturnsExample}");
            return defaults;
        }

        foreach (var p in r.EnumerateObject().Where(p => p.Name is not ("windowDays" or "approval")))
        {
            v.Add($"returns.{p.Name}", "unknown setting; expected windowDays, approval");
        }

        var window = v.OptionalInt(r, "windowDays", 0, 365, "returns.windowDays") is { } days ? TimeSpan.FromDays(days) : defaults.Window;
        return new ReturnPolicy { Window = window, ApprovalAbove = ReadApproval(r, v) };
    }

    /// <summary>"always" → 0.00 (every refund); { "above": "500.00" } → that amount.</summary>
    private static decimal ReadApproval(JsonElement returns, Validation v)
    {
        if (!returns.TryGetProperty("approval", out var a))
        {
            return 0m;
        }

        if (a.ValueKind == JsonValueKind.String && a.GetString() == "always")
        {
            return 0m;
        }

        if (a.ValueKind == JsonValueKind.Object && a.EnumerateObject().Count() == 1 && a.TryGetProperty("above", out var above)
            && above.ValueKind == JsonValueKind.String
            && decimal.TryParse(above.GetString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            && amount >= 0m && amount <= 1_000_000m && decimal.Round(amount, 2) == amount)
        {
            return amount;
        }

        v.Add("returns.approval", $"expected \"always\" or {{ \"above\": \"500.00\" }} (an amount from 0.00 to 1000000.00), found {Validation.Describe(a)}");
        return 0m;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupNamePattern();
}
