using System.Text.Json;

namespace KioskRuntime.Peripherals;

/// <summary>Reads driver options from a profile's <c>options</c> object, collecting one complaint per bad field with its path.</summary>
internal sealed class ProfileJson(JsonElement options, string prefix = "options.")
{
    public List<(string Path, string Message)> Problems { get; } = [];

    public bool IsObject => options.ValueKind == JsonValueKind.Object;

    public ProfileJson AllowOnly(params string[] names)
    {
        if (options.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return this;
        }

        if (options.ValueKind != JsonValueKind.Object)
        {
            Problems.Add((prefix.TrimEnd('.'), $"expected an object, found {options.ValueKind}"));
            return this;
        }

        foreach (var p in options.EnumerateObject().Where(p => !names.Contains(p.Name, StringComparer.Ordinal)))
        {
            Problems.Add((prefix + p.Name, $"unknown option; this driver takes: {string.Join(", ", names)}"));
        }

        return this;
    }

    private bool TryGet(string name, out JsonElement value)
    {
        value = default;
        return options.ValueKind == JsonValueKind.Object && options.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    public string? String(string name, bool required = false)
    {
        if (!TryGet(name, out var v))
        {
            if (required)
            {
                Problems.Add((prefix + name, "required"));
            }

            return null;
        }

        if (v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s)
        {
            return s;
        }

        Problems.Add((prefix + name, $"expected a non-empty string, found {v.GetRawText()}"));
        return null;
    }

    public int Int(string name, int fallback, int min, int max, bool required = false)
    {
        if (!TryGet(name, out var v))
        {
            if (required)
            {
                Problems.Add((prefix + name, "required"));
            }

            return fallback;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) && n >= min && n <= max)
        {
            return n;
        }

        Problems.Add((prefix + name, $"expected a whole number from {min} to {max}, found {v.GetRawText()}"));
        return fallback;
    }

    public bool Bool(string name, bool fallback)
    {
        if (!TryGet(name, out var v))
        {
            return fallback;
        }

        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return v.GetBoolean();
        }

        Problems.Add((prefix + name, $"expected true or false, found {v.GetRawText()}"));
        return fallback;
    }

    public T Enum<T>(string name, T fallback)
        where T : struct, System.Enum
    {
        string? text = String(name);
        if (text is null)
        {
            return fallback;
        }

        if (System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value) && !char.IsDigit(text[0]))
        {
            return value;
        }

        Problems.Add((prefix + name, $"'{text}' is not one of: {string.Join(", ", System.Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}"));
        return fallback;
    }

    public IEnumerable<(JsonElement Element, string Prefix)> Array(string name, bool required = false)
    {
        if (!TryGet(name, out var v))
        {
            if (required)
            {
                Problems.Add((prefix + name, "required"));
            }

            return [];
        }

        if (v.ValueKind != JsonValueKind.Array)
        {
            Problems.Add((prefix + name, $"expected an array, found {v.ValueKind}"));
            return [];
        }

        return v.EnumerateArray().Select((e, i) => (e, $"{prefix}{name}[{i}]."));
    }
}
