using System.Text.Json;

namespace KioskRuntime.Hardware.Profiles;

/// <summary>Collects problems with their source positions while a profile is read.</summary>
internal sealed class Validation(string file, JsonPositions positions)
{
    public List<ProfileProblem> Problems { get; } = [];

    public void Add(string path, string message)
    {
        var (line, column) = positions.Find(path);
        Problems.Add(new ProfileProblem(file, line, column, path.Length == 0 ? "(profile)" : path, message));
    }

    public int LineOf(string path) => positions.Find(path).Line;

    public string? RequiredString(JsonElement obj, string name, string? path = null)
    {
        path ??= name;
        if (!obj.TryGetProperty(name, out var value))
        {
            Add(path, "required, missing");
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            Add(path, $"expected a non-empty string, found {Describe(value)}");
            return null;
        }

        return value.GetString();
    }

    public string? OptionalString(JsonElement obj, string name, string? path = null)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Add(path ?? name, $"expected a string, found {Describe(value)}");
            return null;
        }

        return value.GetString();
    }

    public int? OptionalInt(JsonElement obj, string name, int min, int max, string? path = null)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var n) || n < min || n > max)
        {
            Add(path ?? name, $"expected a whole number from {min} to {max}, found {Describe(value)}");
            return null;
        }

        return n;
    }

    public bool? OptionalBool(JsonElement obj, string name, string? path = null)
    {
        if (!obj.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Add(path ?? name, $"expected true or false, found {Describe(value)}");
            return null;
        }

        return value.GetBoolean();
    }

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"\"{value.GetString()}\"",
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };
}
