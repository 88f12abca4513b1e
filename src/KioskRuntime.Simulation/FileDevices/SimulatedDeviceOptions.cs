using System.ComponentModel.DataAnnotations;
using System.Text;
using KioskRuntime.Devices;
using KioskRuntime.Devices.Drivers;
using KioskRuntime.Printing.Drivers;

namespace KioskRuntime.Simulation.FileDevices;

/// <summary>The options of a simulated device that takes none (scanner, light, buzzer): any option is refused.</summary>
internal sealed record NoOptions : IDriverOptions
{
    public IEnumerable<(string Path, string Message)> Validate() => [];
}

/// <summary>The simulated printer: the model, paper width and columns of the receipt it renders.</summary>
internal sealed record SimulatedPrinterOptions : PrinterLayoutOptions;

internal sealed record SimulatedDisplayOptions : IDriverOptions
{
    [Range(8, 80)]
    public int Columns { get; init; } = 20;

    public IEnumerable<(string Path, string Message)> Validate() => [];
}

internal sealed record SimulatedDoorLockOptions : IDriverOptions
{
    [Range(500, 60_000)]
    public int HoldOpenMs { get; init; } = 5000;

    [Range(500, 120_000)]
    public int MaxHoldOpenMs { get; init; } = 30_000;

    public IEnumerable<(string Path, string Message)> Validate() => [];
}

/// <summary>One input of the simulated sensors: <c>{ "name": "door", "kind": "door" }</c>.</summary>
internal sealed record SimulatedSensorInputOptions(string? Name, SensorKind? Kind);

internal sealed record SimulatedSensorsOptions : IDriverOptions
{
    public IReadOnlyList<SimulatedSensorInputOptions> Inputs { get; init; } = [];

    public IReadOnlyList<SimulatedSensorInput> ToInputs() => Inputs.Select(i => new SimulatedSensorInput(i.Name!, i.Kind!.Value)).ToList();

    public IEnumerable<(string Path, string Message)> Validate()
    {
        if (Inputs.Count == 0)
        {
            yield return ("options.inputs", "required: an array like [{ \"name\": \"door\", \"kind\": \"door\" }] (kinds: tamper, door, presence)");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Inputs.Count; i++)
        {
            var (name, kind) = (Inputs[i].Name, Inputs[i].Kind);
            if (string.IsNullOrWhiteSpace(name) || name.Contains(' ', StringComparison.Ordinal) || name.Contains('=', StringComparison.Ordinal))
            {
                yield return ($"options.inputs[{i}].name", "required: a name without spaces or '='");
            }
            else if (!names.Add(name))
            {
                yield return ($"options.inputs[{i}].name", $"'{name}' is used twice");
            }

            if (kind is null)
            {
                yield return ($"options.inputs[{i}].kind", "required: tamper, door or presence");
            }
        }
    }
}

/// <summary>The simulated NFC reader's salt: a demo <c>salt</c> in the profile, or a <c>uidSaltFile</c>.</summary>
internal sealed record SimulatedCardReaderOptions : IDriverOptions
{
    public string? Salt { get; init; }

    public string? UidSaltFile { get; init; }

    public CardUidHasher Hasher(DeviceContext context) =>
        Salt is { } salt ? new CardUidHasher(Encoding.UTF8.GetBytes(salt)) : CardUidHasher.FromFile(context.Resolve(UidSaltFile!));

    public IEnumerable<(string Path, string Message)> Validate()
    {
        if ((Salt is null) == (UidSaltFile is null))
        {
            yield return ("options", "give exactly one of salt (a demo salt, at least 16 characters) or uidSaltFile");
        }
        else if (Salt is not null && Encoding.UTF8.GetByteCount(Salt) < 16)
        {
            yield return ("options.salt", "use at least 16 characters");
        }
    }
}
