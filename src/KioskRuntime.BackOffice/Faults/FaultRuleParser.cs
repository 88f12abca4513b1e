using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace KioskRuntime.BackOffice.Faults;

/// <summary>Reads a JSON list of fault rules (or <c>{"rules": [...]}</c>), naming the index and field of any error.</summary>
internal static class FaultRuleParser
{
    private static readonly FrozenDictionary<string, FaultKind> Kinds = Enum.GetValues<FaultKind>()
        .ToFrozenDictionary(FaultRule.KindText, k => k, StringComparer.Ordinal);

    public static bool TryParse(JsonElement root, [NotNullWhen(true)] out IReadOnlyList<FaultRule>? rules, [NotNullWhen(false)] out string? error)
    {
        rules = null;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("rules", out var inner))
        {
            root = inner;
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            error = "fault rules must be a JSON array of rules";
            return false;
        }

        var list = new List<FaultRule>();
        var i = 0;
        foreach (var item in root.EnumerateArray())
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"rules[{i++}]");
            if (!TryParseRule(item, at, out var rule, out error))
            {
                return false;
            }

            list.Add(rule);
        }

        rules = list;
        error = null;
        return true;
    }

    private static bool TryParseRule(JsonElement item, string at, [NotNullWhen(true)] out FaultRule? rule, [NotNullWhen(false)] out string? error)
    {
        rule = null;
        if (item.ValueKind != JsonValueKind.Object)
        {
            error = $"{at}: must be an object";
            return false;
        }

        var match = String(item, "match");
        if (match is null)
        {
            error = $"{at}.match: missing; expected \"METHOD /path/glob\"";
            return false;
        }

        if (!FaultMatcher.TryCreate(match, out _, out var matchError))
        {
            error = $"{at}.match: {matchError}";
            return false;
        }

        var kindText = String(item, "fault");
        if (kindText is null || !Kinds.TryGetValue(kindText, out var kind))
        {
            error = $"{at}.fault: must be one of {string.Join(", ", Enum.GetValues<FaultKind>().Select(FaultRule.KindText))}, got {(kindText is null ? "nothing" : $"\"{kindText}\"")}";
            return false;
        }

        string? intError = null;
        if (!TryInt(item, "status", at, out var status, ref intError)
            | !TryInt(item, "retryAfter", at, out var retryAfter, ref intError)
            | !TryInt(item, "delayMs", at, out var delayMs, ref intError)
            | !TryInt(item, "count", at, out var count, ref intError)
            | !TryInt(item, "seed", at, out var seed, ref intError))
        {
            error = intError!;
            return false;
        }

        if (kind == FaultKind.Status && status is not (429 or (>= 500 and <= 599)))
        {
            error = $"{at}.status: a status fault needs 429 or 500-599, got {(status?.ToString(CultureInfo.InvariantCulture) ?? "nothing")}";
            return false;
        }

        if (kind == FaultKind.Slow && delayMs is null)
        {
            error = $"{at}.delayMs: a slow fault needs delayMs";
            return false;
        }

        if (retryAfter < 0 || delayMs < 0 || count < 0)
        {
            error = $"{at}: retryAfter, delayMs and count must not be negative";
            return false;
        }

        var probability = 1.0;
        if (item.TryGetProperty("probability", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            if (p.ValueKind != JsonValueKind.Number || !p.TryGetDouble(out probability) || probability is < 0 or > 1)
            {
                error = $"{at}.probability: must be a number from 0 to 1";
                return false;
            }
        }

        rule = new FaultRule(match, kind, status, retryAfter, delayMs, probability, count, seed);
        error = null;
        return true;
    }

    private static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    // Non-short-circuit callers keep the first error.
    private static bool TryInt(JsonElement obj, string name, string at, out int? value, ref string? error)
    {
        value = null;
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n))
        {
            value = n;
            return true;
        }

        error ??= $"{at}.{name}: must be an integer or null, got {v.GetRawText()}";
        return false;
    }
}
