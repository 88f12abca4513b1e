using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using KioskRuntime.Hardware.Profiles;

namespace KioskRuntime.Hardware.Drivers;

/// <summary>
/// Binds a device's profile <c>options</c> (and its <c>path</c>) onto a driver's options record: camelCase names, enums by name,
/// unknown options refused, every problem named with its path so the profile loader can point at the line.
/// </summary>
internal static class OptionsBinding
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// Deserialises <c>options</c> into <typeparamref name="T"/>, copying the device's <c>path</c> into <paramref name="pathProperty"/>
    /// when that is given and the options do not set it. Options the caller consumes itself (the printer model, for example) are
    /// removed first.
    /// </summary>
    public static (T? Options, List<(string Path, string Message)> Problems) Bind<T>(DeviceConfig device, string? pathProperty, params string[] consumedHere)
        where T : class
    {
        var problems = new List<(string, string)>();
        var node = JsonNode.Parse(device.Options.GetRawText())!.AsObject();
        foreach (var name in consumedHere)
        {
            node.Remove(name);
        }

        if (pathProperty is not null && device.Path is not null && !node.ContainsKey(pathProperty))
        {
            node[pathProperty] = device.Path;
        }

        try
        {
            return (node.Deserialize<T>(Json), problems);
        }
        catch (JsonException e)
        {
            var at = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "options" : "options" + e.Path.TrimStart('$');
            var message = e.Message;
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            problems.Add((at, cut > 0 ? message[..cut] : message));
            return (null, problems);
        }
    }

    /// <summary>Turns a driver's "property: message" problems into profile paths.</summary>
    public static IEnumerable<(string Path, string Message)> FromDriverProblems(IEnumerable<string> problems, string? pathProperty)
    {
        foreach (var p in problems)
        {
            var colon = p.IndexOf(':', StringComparison.Ordinal);
            var property = colon > 0 ? p[..colon].Trim() : "";
            var message = colon > 0 ? p[(colon + 1)..].Trim() : p;
            yield return property.Length == 0 ? ("options", message)
                : property.Equals(pathProperty, StringComparison.OrdinalIgnoreCase) ? ("path", message)
                : ($"options.{char.ToLowerInvariant(property[0])}{property[1..]}", message);
        }
    }
}
