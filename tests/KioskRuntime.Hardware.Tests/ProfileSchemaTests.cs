using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using KioskRuntime.Devices.Drivers;
using KioskRuntime.Hardware.Profiles;

namespace KioskRuntime.Hardware.Tests;

/// <summary>
/// hardware-profiles/profile.schema.json (what an editor checks while a profile is typed) and the loader with the drivers' binder
/// (what kioskd checks) must agree: on the shipped profiles, on each driver's option names, ranges and enum values, and on what they
/// refuse.
/// </summary>
public sealed class ProfileSchemaTests
{
    private static readonly JsonDocumentOptions Relaxed = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private static readonly DriverRegistry Drivers = AllDrivers.Create();
    private static readonly ProfileLoader Loader = new(Drivers);
    private static readonly string SchemaText = File.ReadAllText(RepoFile("hardware-profiles/profile.schema.json"));
    private static readonly JsonSchema Schema = JsonSchema.FromText(SchemaText, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    private static readonly JsonObject SchemaJson = JsonNode.Parse(SchemaText)!.AsObject();

    private static string RepoFile(string relative)
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "KioskRuntime.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        }

        return Path.Combine(dir, relative);
    }

    public static TheoryData<string> ShippedProfiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoFile("hardware-profiles"), "*.json").Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    private static IReadOnlyList<string> SchemaErrors(JsonElement profile)
    {
        var result = Schema.Evaluate(profile, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid ? [] : (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")).ToList();
    }

    [Theory]
    [MemberData(nameof(ShippedProfiles))]
    public void Every_shipped_profile_is_valid_for_the_loader_and_for_the_schema_and_points_at_it(string name)
    {
        var file = RepoFile(Path.Combine("hardware-profiles", name));
        var (_, problems) = Loader.TryLoad(file);
        Assert.Empty(problems);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(file), Relaxed);
        Assert.Empty(SchemaErrors(doc.RootElement));
        Assert.Equal("./profile.schema.json", doc.RootElement.GetProperty("$schema").GetString());
    }

    [Fact]
    public void The_schema_knows_exactly_the_registered_drivers_of_each_kind()
    {
        var definitions = SchemaJson["definitions"]!.AsObject().Select(d => d.Key).Where(k => k != "device").Order(StringComparer.Ordinal).ToList();
        var registered = Drivers.Factories.Select(f => $"{ProfileLoader.KindName(f.Kind)}.{f.Driver}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(registered, definitions);

        var perKind = SchemaJson["definitions"]!["device"]!["allOf"]!.AsArray()
            .Where(rule => rule!["if"]!["properties"]!.AsObject().Count == 1)
            .ToDictionary(rule => rule!["if"]!["properties"]!["kind"]!["const"]!.GetValue<string>(), rule => rule!["then"]!["properties"]!["driver"]!["enum"]!.AsArray().Select(d => d!.GetValue<string>()).ToList());
        foreach (var kind in Enum.GetValues<Devices.DeviceKind>())
        {
            Assert.Equal(Drivers.DriversFor(kind), perKind[ProfileLoader.KindName(kind)]);
        }
    }

    [Fact]
    public void Every_option_a_driver_binds_is_in_the_schema_for_that_driver_with_its_range_and_enum_values()
    {
        foreach (var factory in Drivers.Factories)
        {
            var name = $"{ProfileLoader.KindName(factory.Kind)}.{factory.Driver}";
            Assert.True(factory.OptionsType is not null, $"{name} does not bind its options with DriverOptionsBinder");
            var definition = SchemaJson["definitions"]![name]!.AsObject();
            Assert.False(definition["additionalProperties"]!.GetValue<bool>(), $"{name}: the schema must refuse unknown options as the binder does");
            var schemaOptions = definition["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
            var boundOptions = DriverOptionsBinder.OptionNames(factory.OptionsType!).Order(StringComparer.Ordinal).ToList();
            Assert.True(boundOptions.SequenceEqual(schemaOptions), $"{name}: binder takes [{string.Join(", ", boundOptions)}], schema lists [{string.Join(", ", schemaOptions)}]");

            foreach (var property in factory.OptionsType!.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var optionName = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                if (definition["properties"]![optionName] is not JsonObject option)
                {
                    continue; // computed or device-path properties the binder does not take
                }

                if (property.GetCustomAttribute<RangeAttribute>() is { } range)
                {
                    Assert.True(Convert.ToInt64(range.Minimum, System.Globalization.CultureInfo.InvariantCulture) == option["minimum"]?.GetValue<long>(), $"{name}.{optionName}: minimum");
                    Assert.True(Convert.ToInt64(range.Maximum, System.Globalization.CultureInfo.InvariantCulture) == option["maximum"]?.GetValue<long>(), $"{name}.{optionName}: maximum");
                }

                var enumType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                if (enumType.IsEnum)
                {
                    var listed = option["enum"]!.AsArray().Select(v => v!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                    foreach (var member in Enum.GetNames(enumType))
                    {
                        Assert.True(listed.Contains(JsonNamingPolicy.KebabCaseLower.ConvertName(member)), $"{name}.{optionName}: '{member}' is missing from the schema");
                    }
                }
            }
        }
    }

    /// <summary>Mutations of the simulated profile that kioskd refuses: the schema must refuse each too.</summary>
    public static TheoryData<string, string> Refused() => new()
    {
        { "an unknown top-level setting", """{ "colour": "blue" }""" },
        { "an unknown staff card setting", """{ "staff": [ { "id": "kari", "role": "staff", "cardHash": "892a9dea8c85d0831e72eb987f197598e89c520e5167f11e1f90a0e85d09c1fe", "pin": "1234" } ] }""" },
        { "an unknown access setting", """{ "access": { "unlockAfterSale": true, "openForever": true } }""" },
        { "an unknown gs1 date rule", """{ "gs1": { "dates": { "17": "never" } } }""" },
        { "an unknown variable measure setting", """{ "variableMeasure": [ { "prefix": "23", "itemDigits": 5, "valueDigits": 5, "decimals": 3, "unit": "kilograms", "round": true } ] }""" },
        { "an unknown device setting", """{ "devices[0]": { "name": "scanner", "kind": "scanner", "driver": "simulated", "path": "a", "speed": 1 } }""" },
        { "an unknown option of a simulated device", """{ "devices[0]": { "name": "scanner", "kind": "scanner", "driver": "simulated", "path": "a", "options": { "speed": 1 } } }""" },
        { "an unknown option of the simulated terminal", """{ "devices[2]": { "name": "terminal", "kind": "payment-terminal", "driver": "nexo-simulated", "options": { "delayMs": 5 } } }""" },
        { "an unknown option of a real driver", """{ "devices[0]": { "name": "scanner", "kind": "scanner", "driver": "serial", "path": "/dev/ttyACM0", "options": { "parity": "even" } } }""" },
        { "a driver of another kind", """{ "devices[0]": { "name": "scanner", "kind": "scanner", "driver": "nexo" } }""" },
        { "an option out of range", """{ "devices[3]": { "name": "display", "kind": "display", "driver": "simulated", "path": "d.txt", "options": { "columns": 200 } } }""" },
        { "an unknown enum value", """{ "devices[2]": { "name": "terminal", "kind": "payment-terminal", "driver": "nexo-simulated", "options": { "outcomes": { "13": "explode" } } } }""" },
        { "an unknown adjustment reason", """{ "adjustmentCategories": { "spoilage": "Waste" } }""" },
        { "an adjustment category with a colon", """{ "adjustmentCategories": { "damage": "Waste: broken" } }""" },
        { "an empty adjustment category", """{ "adjustmentCategories": { "count": "" } }""" },
        { "an adjustment category that is no string", """{ "adjustmentCategories": { "count": 3 } }""" },
        { "a wrongly typed option", """{ "devices[5]": { "name": "door", "kind": "door-lock", "driver": "simulated", "path": "door.txt", "options": { "holdOpenMs": "8000" } } }""" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_profile_the_loader_refuses_the_schema_refuses_too(string what, string change)
    {
        var profile = JsonNode.Parse(File.ReadAllText(RepoFile("hardware-profiles/simulated.json")), documentOptions: Relaxed)!.AsObject();
        foreach (var (key, value) in JsonNode.Parse(change)!.AsObject().ToList())
        {
            if (key.StartsWith("devices[", StringComparison.Ordinal))
            {
                profile["devices"]![int.Parse(key[8..^1], System.Globalization.CultureInfo.InvariantCulture)] = value!.DeepClone();
            }
            else
            {
                profile[key] = value?.DeepClone();
            }
        }

        var bytes = Encoding.UTF8.GetBytes(profile.ToJsonString());
        var (_, problems) = Loader.Parse(bytes, "mutated.json");
        Assert.True(problems.Count > 0, $"{what}: the loader accepted it");
        using var doc = JsonDocument.Parse(bytes);
        Assert.True(SchemaErrors(doc.RootElement).Count > 0, $"{what}: the loader refuses it ({problems[0]}) but the schema accepts it");
    }
}
