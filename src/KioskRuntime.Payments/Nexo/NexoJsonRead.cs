using System.Globalization;
using System.Text.Json;

namespace KioskRuntime.Payments.Nexo;

/// <summary>
/// Lenient field access over <see cref="JsonElement"/>, with the JSON path in every complaint. Terminals and fixtures send booleans and
/// numbers as strings and the other way round; these getters take both.
/// </summary>
internal static class NexoJsonRead
{
    public static JsonElement? Object(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.Object ? v : throw new NexoFormatException($"{path}.{name}", $"expected an object, found {v.ValueKind}");
    }

    public static JsonElement RequiredObject(JsonElement parent, string name, string path) =>
        Object(parent, name, path) ?? throw new NexoFormatException($"{path}.{name}", "missing");

    public static string? Text(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null => null,
            _ => throw new NexoFormatException($"{path}.{name}", $"expected text, found {v.ValueKind}"),
        };
    }

    public static string RequiredText(JsonElement parent, string name, string path) =>
        Text(parent, name, path) is { Length: > 0 } s ? s : throw new NexoFormatException($"{path}.{name}", "missing or empty");

    public static decimal? Decimal(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d))
        {
            return d;
        }

        if (v.ValueKind == JsonValueKind.String && decimal.TryParse(v.GetString(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out d))
        {
            return d;
        }

        throw new NexoFormatException($"{path}.{name}", $"expected an amount, found {v.GetRawText()}");
    }

    public static bool? Boolean(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(v.GetString()?.Trim(), out bool b) => b,
            _ => throw new NexoFormatException($"{path}.{name}", $"expected a boolean, found {v.GetRawText()}"),
        };
    }

    public static DateTimeOffset? Time(JsonElement parent, string name, string path)
    {
        string? text = Text(parent, name, path);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw new NexoFormatException($"{path}.{name}", $"'{text}' is not a timestamp");
    }

    public static TransactionReference? Reference(JsonElement parent, string name, string path)
    {
        if (Object(parent, name, path) is not { } o)
        {
            return null;
        }

        string p = $"{path}.{name}";
        return new TransactionReference(RequiredText(o, "TransactionID", p), Time(o, "TimeStamp", p));
    }
}
