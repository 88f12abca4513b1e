using KioskRuntime.BackOffice.Contract;
using System.Globalization;
using System.Text.Json;

namespace KioskRuntime.BackOffice.Tests.Legacy;

// The JsonDocument-based reader as it was before the single-pass Utf8JsonReader one (commit 6c5e768), kept unchanged as
// the oracle of ParserEquivalenceTests: the new reader must accept, reject and word its errors exactly like this one.

/// <summary>Field readers: each names the field path and the offending value when it throws.</summary>
internal static partial class EventParser
{
    private const int MaxTextLength = 512;

    private static JsonElement RequireObject(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Object
            ? element
            : throw new MalformedEventException($"{path}: must be an object, got {Kind(element)}");

    private static JsonElement RequireProperty(JsonElement obj, string name, string path) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new MalformedEventException($"{path}: missing");

    private static string RequireString(JsonElement obj, string name, string path)
    {
        var value = RequireProperty(obj, name, path);
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new MalformedEventException($"{path}: must be a string, got {Kind(value)}");
        }

        var text = value.GetString()!;
        if (text.Length == 0 || text.Length > MaxTextLength)
        {
            throw new MalformedEventException($"{path}: must be 1 to {MaxTextLength} characters, got {text.Length}");
        }

        return text;
    }

    private static Guid RequireGuid(JsonElement obj, string name, string path)
    {
        var text = RequireString(obj, name, path);
        return Guid.TryParseExact(text, "D", out var id)
            ? id
            : throw new MalformedEventException($"{path}: must be a UUID (8-4-4-4-12 hex), got \"{Clip(text)}\"");
    }

    private static DateTimeOffset RequireTimestamp(JsonElement obj, string name, string path)
    {
        var text = RequireString(obj, name, path);
        return Rfc3339.TryParse(text, out var value)
            ? value
            : throw new MalformedEventException($"{path}: must be an RFC 3339 timestamp with offset, got \"{Clip(text)}\"");
    }

    private static string RequireHex(JsonElement obj, string name, string path)
    {
        var text = RequireString(obj, name, path);
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                throw new MalformedEventException($"{path}: must be hexadecimal, got \"{Clip(text)}\"");
            }
        }

        return text;
    }

    private static decimal RequireMoney(JsonElement obj, string name, string path)
    {
        var value = RequireProperty(obj, name, path);
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new MalformedEventException($"{path}: money must be a decimal string with two decimals, got {Kind(value)} {Clip(value.GetRawText())}");
        }

        var text = value.GetString();
        return DecimalText.TryParseMoney(text, out var amount)
            ? amount
            : throw new MalformedEventException($"{path}: money must be a decimal string with two decimals, got \"{Clip(text)}\"");
    }

    private static decimal RequireQuantity(JsonElement obj, string name, string path, bool signed)
    {
        var value = RequireProperty(obj, name, path);
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new MalformedEventException($"{path}: must be a decimal string, got {Kind(value)} {Clip(value.GetRawText())}");
        }

        var text = value.GetString();
        var ok = signed ? DecimalText.TryParseSigned(text, out var qty) : DecimalText.TryParseQuantity(text, out qty);
        return ok
            ? qty
            : throw new MalformedEventException($"{path}: must be a{(signed ? " signed" : " non-negative")} decimal string, got \"{Clip(text)}\"");
    }

    private static string RequireDecimalString(JsonElement obj, string name, string path)
    {
        var text = RequireString(obj, name, path);
        return DecimalText.TryParseQuantity(text, out _)
            ? text
            : throw new MalformedEventException($"{path}: must be a decimal string such as \"25\", got \"{Clip(text)}\"");
    }

    /// <summary>
    /// A receipt number: the contract does not fix its JSON type, and a sequential number is naturally an integer, while some tills use
    /// prefixed strings ("K1-000123"). Both are accepted and kept as text.
    /// </summary>
    private static string RequireReceiptNumber(JsonElement obj, string name, string path)
    {
        var value = RequireProperty(obj, name, path);
        return value.ValueKind == JsonValueKind.Number
            ? value.TryGetInt64(out var n) && n >= 1 ? n.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : throw new MalformedEventException($"{path}: must be an integer ≥ 1 or a string, got {Clip(value.GetRawText())}")
            : RequireString(obj, name, path);
    }

    private static long RequirePositiveInteger(JsonElement obj, string name, string path)
    {
        var value = RequireProperty(obj, name, path);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n >= 1
            ? n
            : throw new MalformedEventException($"{path}: must be an integer ≥ 1, got {Clip(value.GetRawText())}");
    }

    private static Gtin RequireGtin(JsonElement obj, string name, string path)
    {
        var text = RequireString(obj, name, path);
        return Gtin.TryParse(text, out var gtin, out var error)
            ? gtin.Value
            : throw new MalformedEventException($"{path}: {error}");
    }

    private static JsonElement RequireArray(JsonElement obj, string name, string path, int minLength)
    {
        var value = RequireProperty(obj, name, path);
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new MalformedEventException($"{path}: must be an array, got {Kind(value)}");
        }

        if (value.GetArrayLength() < minLength)
        {
            throw new MalformedEventException($"{path}: must hold at least {minLength} element(s)");
        }

        return value;
    }

    internal static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Clip(string? text) =>
        text is null ? string.Empty : text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");

    private static string Index(string path, int i) => string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]");
}
