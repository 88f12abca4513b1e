using KioskRuntime.Devices.Drivers;
using KioskRuntime.Peripherals.Gpio;

namespace KioskRuntime.Peripherals.Drivers;

/// <summary>The <c>gpio-inputs</c> driver's options: the chip and its tamper, door and presence inputs. Immutable.</summary>
internal sealed record GpioInputsDriverOptions : IDriverOptions
{
    public required string ChipLabel { get; init; }

    public string SysRoot { get; init; } = "/sys";

    public required IReadOnlyList<GpioInputDriverOptions> Inputs { get; init; }

    public GpioInputsOptions ToInputsOptions() => new() { ChipLabel = ChipLabel, SysRoot = SysRoot, Inputs = Inputs.Select(i => i.ToInputLine()).ToList() };

    public IEnumerable<(string Path, string Message)> Validate()
    {
        foreach (var p in GpioDriverChecks.Chip(ChipLabel, SysRoot))
        {
            yield return p;
        }

        for (var i = 0; i < Inputs.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Inputs[i].Name))
            {
                yield return ($"options.inputs[{i}].name", "expected a non-empty string");
            }
        }

        foreach (var dup in Inputs.GroupBy(i => i.Line).Where(g => g.Count() > 1))
        {
            yield return ("options.inputs", $"line {dup.Key} is used by {string.Join(" and ", dup.Select(i => i.Name))}");
        }

        foreach (var dup in Inputs.GroupBy(i => i.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return ("options.inputs", $"name '{dup.Key}' is used twice");
        }
    }
}
