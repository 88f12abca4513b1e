using System.Text.Json;
using KioskRuntime.Devices;
using KioskRuntime.Hardware.Profiles;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Hardware.Drivers;

/// <summary>What a driver gets when it is built: where relative paths live, time, logging, and where scanners deliver.</summary>
public sealed record DeviceContext(string DataDirectory, TimeProvider Time, ILoggerFactory LoggerFactory, IScanSink ScanSink)
{
    /// <summary>Resolves a profile path: absolute as is, relative against the data directory.</summary>
    public string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(DataDirectory, path));

    /// <summary>Test seam: simulated devices call it at their named steps (step, transaction id). Null in the shipped kioskd.</summary>
    public Action<string, string>? FaultSteps { get; init; }
}

/// <summary>One driver: how to check its options and how to build it.</summary>
public sealed record DriverFactory(
    DeviceKind Kind,
    string Driver,
    Func<DeviceConfig, IEnumerable<(string Path, string Message)>> Validate,
    Func<DeviceConfig, DeviceContext, IDevice> Create);

/// <summary>
/// The drivers this build knows, keyed by kind and name. The composition root registers them; the profile loader asks it what is valid.
/// </summary>
public sealed class DriverRegistry : IDriverCatalog
{
    private readonly Dictionary<(DeviceKind, string), DriverFactory> _factories = [];

    public DriverRegistry Add(DriverFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (!_factories.TryAdd((factory.Kind, factory.Driver), factory))
        {
            throw new InvalidOperationException($"A {factory.Kind} driver named '{factory.Driver}' is registered twice.");
        }

        return this;
    }

    /// <summary>A registry with the simulated drivers.</summary>
    public static DriverRegistry WithSimulatedDrivers() => new DriverRegistry().AddSimulatedDrivers();

    public IReadOnlyList<string> DriversFor(DeviceKind kind) =>
        _factories.Keys.Where(k => k.Item1 == kind).Select(k => k.Item2).Order(StringComparer.Ordinal).ToList();

    public IEnumerable<(string Path, string Message)> Validate(DeviceConfig device) =>
        _factories.TryGetValue((device.Kind, device.Driver), out var f) ? f.Validate(device) : [("driver", $"unknown driver '{device.Driver}'")];

    public IDevice Create(DeviceConfig device, DeviceContext context) =>
        _factories.TryGetValue((device.Kind, device.Driver), out var f)
            ? f.Create(device, context)
            : throw new InvalidOperationException($"No {device.Kind} driver named '{device.Driver}'.");
}

/// <summary>Reading driver options from a profile's <c>options</c> object with precise complaints.</summary>
public static class DriverOptions
{
    public static IEnumerable<(string, string)> AllowOnly(JsonElement options, params string[] names)
    {
        foreach (var p in options.EnumerateObject())
        {
            if (!names.Contains(p.Name, StringComparer.Ordinal))
            {
                yield return ($"options.{p.Name}", $"unknown option; this driver takes: {(names.Length == 0 ? "no options" : string.Join(", ", names))}");
            }
        }
    }

    public static string? String(JsonElement options, string name) =>
        options.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static int? Int(JsonElement options, string name) =>
        options.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;

    public static IReadOnlyList<string> Strings(JsonElement options, string name) =>
        options.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : [];

    public static IEnumerable<(string, string)> CheckInt(JsonElement options, string name, int min, int max)
    {
        if (options.TryGetProperty(name, out var v) && (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var n) || n < min || n > max))
        {
            yield return ($"options.{name}", $"expected a whole number from {min} to {max}, found {v.GetRawText()}");
        }
    }

    public static IEnumerable<(string, string)> CheckStringArray(JsonElement options, string name)
    {
        if (options.TryGetProperty(name, out var v) && (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String)))
        {
            yield return ($"options.{name}", "expected an array of strings");
        }
    }

    public static IEnumerable<(string, string)> CheckString(JsonElement options, string name, params string[] allowed)
    {
        if (!options.TryGetProperty(name, out var v))
        {
            yield break;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            yield return ($"options.{name}", $"expected a string, found {v.GetRawText()}");
        }
        else if (allowed.Length > 0 && !allowed.Contains(v.GetString(), StringComparer.Ordinal))
        {
            yield return ($"options.{name}", $"'{v.GetString()}' is not one of: {string.Join(", ", allowed)}");
        }
    }

    public static IEnumerable<(string, string)> RequirePath(DeviceConfig device)
    {
        if (string.IsNullOrWhiteSpace(device.Path))
        {
            yield return ("path", "required for this driver");
        }
    }
}
