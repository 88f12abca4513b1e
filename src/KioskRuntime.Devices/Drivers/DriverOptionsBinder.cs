using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace KioskRuntime.Devices.Drivers;

/// <summary>
/// The one way a driver reads its profile options: System.Text.Json over the device's <c>options</c> object into the driver's sealed
/// options record (camelCase names of its settable properties, enums in kebab-case or camelCase, no numbers from strings, unknown names
/// refused; computed get-only properties are not options), then the record's own
/// <see cref="IDriverOptions.Validate"/>. Every problem is reported at once, each with its path relative to the device object
/// (<c>options.baudRate</c>, <c>options.inputs[0].kind</c>); the profile loader prefixes <c>devices[i].</c> and finds the line.
/// Stateless; thread-safe.
/// </summary>
public static class DriverOptionsBinder
{
    private static readonly JsonNamingPolicy EnumNames = JsonNamingPolicy.KebabCaseLower;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        Converters = { new ProfileEnumConverter() },
    };

    private static readonly JsonSerializerOptions Lenient = new(Json) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };

    /// <summary>
    /// Reads the part of a driver's options that <typeparamref name="T"/> names, ignoring the others, for a consumer that needs a few
    /// settings of whichever driver a profile picked (the receipt layout of any printer). Null when those settings do not bind or are
    /// invalid; the driver's own binding reports why.
    /// </summary>
    public static T? BindPart<T>(JsonElement options)
        where T : class, IDriverOptions
    {
        if (options.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var problems = new List<(string, string)>();
        Check(options, typeof(T), "options", topLevel: true, problems, lenient: true);
        if (problems.Count > 0)
        {
            return null;
        }

        try
        {
            var result = options.Deserialize<T>(Lenient);
            return result is not null && !result.Validate().Any() ? result : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Binds a device's options (see <see cref="Bind{T}(JsonElement, string?, string?)"/>).</summary>
    public static (T? Options, IReadOnlyList<(string Path, string Message)> Problems) Bind<T>(DeviceConfig device, string? pathProperty = null)
        where T : class, IDriverOptions
    {
        ArgumentNullException.ThrowIfNull(device);
        return Bind<T>(device.Options, device.Path, pathProperty);
    }

    /// <summary>
    /// Binds <paramref name="options"/> onto <typeparamref name="T"/>. When <paramref name="pathProperty"/> is given and the options do
    /// not set it, the device's <paramref name="devicePath"/> fills it, and problems with it are reported at <c>path</c>.
    /// Returns the options only when there is no problem.
    /// </summary>
    public static (T? Options, IReadOnlyList<(string Path, string Message)> Problems) Bind<T>(JsonElement options, string? devicePath, string? pathProperty = null)
        where T : class, IDriverOptions
    {
        var problems = new List<(string Path, string Message)>();
        JsonObject node;
        if (options.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            node = [];
        }
        else if (options.ValueKind != JsonValueKind.Object)
        {
            return (null, [("options", $"expected an object, found {options.GetRawText()}")]);
        }
        else
        {
            node = JsonNode.Parse(options.GetRawText())!.AsObject();
        }

        string? fromPath = null;
        if (pathProperty is not null && devicePath is not null && !node.ContainsKey(pathProperty))
        {
            node[pathProperty] = devicePath;
            fromPath = "options." + pathProperty;
        }

        var pathOnly = DevicePathProperty(typeof(T));
        Check(JsonSerializer.SerializeToElement(node, Json), typeof(T), "options", topLevel: true, problems, skip: pathOnly);
        if (pathOnly is not null && !node.ContainsKey(pathOnly))
        {
            node[pathOnly] = devicePath;
            fromPath = "options." + pathOnly;
        }

        var element = JsonSerializer.SerializeToElement(node, Json);
        T? result = null;
        if (problems.Count == 0)
        {
            try
            {
                result = element.Deserialize<T>(Json) ?? throw new JsonException("expected an object");
                problems.AddRange(result.Validate());
            }
            catch (JsonException e)
            {
                problems.Add((JsonPath(e.Path), FirstSentence(e.Message)));
            }
        }

        if (fromPath is not null)
        {
            problems = problems.Select(p => p.Path == fromPath ? ("path", p.Message) : p).ToList();
        }

        return problems.Count == 0 ? (result, problems) : (null, problems);
    }

    /// <summary>The option names a driver's options type takes, as a profile writes them (for the schema test).</summary>
    public static IReadOnlyList<string> OptionNames(Type optionsType)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        var pathOnly = DevicePathProperty(optionsType);
        return Json.GetTypeInfo(optionsType).Properties.Where(p => p.Set is not null && p.Name != pathOnly).Select(p => p.Name).ToList();
    }

    /// <summary>The JSON name of the property marked <see cref="DevicePathAttribute"/>, if any.</summary>
    private static string? DevicePathProperty(Type type) =>
        Json.GetTypeInfo(type).Properties
            .FirstOrDefault(p => p.AttributeProvider?.IsDefined(typeof(DevicePathAttribute), inherit: true) == true)?.Name;

    private static void Check(JsonElement value, Type type, string at, bool topLevel, List<(string, string)> problems, bool lenient = false, string? skip = null)
    {
        var info = Json.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when value.ValueKind != JsonValueKind.Object:
                problems.Add((at, $"expected an object, found {value.GetRawText()}"));
                return;
            case JsonTypeInfoKind.Object:
                CheckObject(value, info, at, topLevel, problems, lenient, skip);
                return;
            case JsonTypeInfoKind.Enumerable when value.ValueKind != JsonValueKind.Array:
                problems.Add((at, $"expected an array, found {value.GetRawText()}"));
                return;
            case JsonTypeInfoKind.Enumerable:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Check(item, info.ElementType!, $"{at}[{i++}]", topLevel: false, problems);
                }

                return;
            case JsonTypeInfoKind.Dictionary when value.ValueKind != JsonValueKind.Object:
                problems.Add((at, $"expected an object, found {value.GetRawText()}"));
                return;
            case JsonTypeInfoKind.Dictionary:
                foreach (var entry in value.EnumerateObject())
                {
                    Check(entry.Value, info.ElementType!, $"{at}.{entry.Name}", topLevel: false, problems);
                }

                return;
            default:
                CheckValue(value, type, at, problems);
                return;
        }
    }

    private static void CheckObject(JsonElement value, JsonTypeInfo info, string at, bool topLevel, List<(string, string)> problems, bool lenient, string? skip)
    {
        var properties = info.Properties.Where(p => p.Name != skip && p.Set is not null).ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var p in value.EnumerateObject())
        {
            if (!properties.TryGetValue(p.Name, out var property))
            {
                if (lenient)
                {
                    continue;
                }

                var names = string.Join(", ", properties.Keys);
                problems.Add(($"{at}.{p.Name}", topLevel
                    ? $"unknown option '{p.Name}'; this driver takes: {(names.Length == 0 ? "no options" : names)}"
                    : $"unknown setting '{p.Name}'; expected: {names}"));
                continue;
            }

            var path = $"{at}.{p.Name}";
            if (p.Value.ValueKind == JsonValueKind.Null)
            {
                continue; // the whole-object pass reports a null where the record does not allow one
            }

            var before = problems.Count;
            Check(p.Value, property.PropertyType, path, topLevel: false, problems);
            if (problems.Count == before)
            {
                CheckRange(p.Value, property, path, problems);
            }
        }

        foreach (var property in properties.Values.Where(p => p.IsRequired && !value.TryGetProperty(p.Name, out _)))
        {
            problems.Add(($"{at}.{property.Name}", "required"));
        }
    }

    private static void CheckValue(JsonElement value, Type type, string at, List<(string, string)> problems)
    {
        try
        {
            _ = value.Deserialize(type, Json);
        }
        catch (JsonException)
        {
            problems.Add((at, Expected(type, value)));
        }
    }

    private static void CheckRange(JsonElement value, JsonPropertyInfo property, string at, List<(string, string)> problems)
    {
        var range = property.AttributeProvider?.GetCustomAttributes(typeof(RangeAttribute), inherit: true).OfType<RangeAttribute>().FirstOrDefault();
        if (range is null || value.ValueKind != JsonValueKind.Number)
        {
            return;
        }

        var min = Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
        var max = Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
        var number = value.GetDouble();
        if (number < min || number > max)
        {
            problems.Add((at, $"expected a whole number from {range.Minimum} to {range.Maximum}, found {value.GetRawText()}"));
        }
    }

    private static string Expected(Type type, JsonElement value)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        var raw = value.GetRawText();
        if (t.IsEnum)
        {
            return $"{raw} is not one of: {string.Join(", ", Enum.GetNames(t).Select(EnumNames.ConvertName))}";
        }

        return Type.GetTypeCode(t) switch
        {
            TypeCode.Int32 or TypeCode.Int64 or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Byte => $"expected a whole number, found {raw}",
            TypeCode.Boolean => $"expected true or false, found {raw}",
            TypeCode.String => $"expected a string, found {raw}",
            _ => $"expected {t.Name}, found {raw}",
        };
    }

    private static string JsonPath(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "options" : "options" + path.TrimStart('$');

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
