using System.Globalization;

namespace KioskRuntime.Peripherals.Gpio;

/// <summary>The GPIO chip named in the profile is not on this machine.</summary>
internal sealed class GpioChipNotFoundException(string message) : IOException(message);

/// <summary>
/// Finds a GPIO chip's number from its label (<c>pinctrl-rp1</c> on a Pi 5, <c>pinctrl-bcm2711</c> on a Pi 4), because chip numbers
/// moved between kernels (gpiochip0 vs gpiochip4 on a Pi 5). Reads <c>{sysRoot}/bus/gpio/devices/gpiochipN/label</c>, falling back to the
/// legacy <c>{sysRoot}/class/gpio/gpiochipBASE/label</c>, whose directory is named by the base line number, so the chip number is taken from
/// the <c>gpiochipN</c> entry under its <c>device</c> link. Stateless.
/// </summary>
internal static class GpioChipResolver
{
    /// <summary>Every chip found: number and label.</summary>
    public static IReadOnlyList<(int Chip, string Label)> List(string sysRoot)
    {
        var found = new SortedDictionary<int, string>();
        string bus = Path.Combine(sysRoot, "bus", "gpio", "devices");
        if (Directory.Exists(bus))
        {
            foreach (string dir in Directory.EnumerateDirectories(bus, "gpiochip*"))
            {
                if (TryChipNumber(Path.GetFileName(dir), out int n) && ReadLabel(dir) is { } label)
                {
                    found[n] = label;
                }
            }
        }

        string legacy = Path.Combine(sysRoot, "class", "gpio");
        if (found.Count == 0 && Directory.Exists(legacy))
        {
            foreach (string dir in Directory.EnumerateDirectories(legacy, "gpiochip*"))
            {
                string device = Path.Combine(dir, "device");
                if (ReadLabel(dir) is not { } label || !Directory.Exists(device))
                {
                    continue;
                }

                foreach (string child in Directory.EnumerateDirectories(device, "gpiochip*"))
                {
                    if (TryChipNumber(Path.GetFileName(child), out int n))
                    {
                        found[n] = label;
                    }
                }
            }
        }

        return found.Select(kv => (kv.Key, kv.Value)).ToList();
    }

    /// <summary>The number of the chip labelled <paramref name="label"/>; throws <see cref="GpioChipNotFoundException"/> listing what exists.</summary>
    public static int Resolve(string sysRoot, string label)
    {
        var chips = List(sysRoot);
        var matches = chips.Where(c => c.Label == label).ToList();
        return matches.Count switch
        {
            1 => matches[0].Chip,
            0 => throw new GpioChipNotFoundException(
                $"no GPIO chip labelled '{label}' under {sysRoot}; found: {(chips.Count == 0 ? "none" : string.Join(", ", chips.Select(c => $"gpiochip{c.Chip}={c.Label}")))}"),
            _ => throw new GpioChipNotFoundException($"several GPIO chips are labelled '{label}': {string.Join(", ", matches.Select(c => $"gpiochip{c.Chip}"))}"),
        };
    }

    /// <summary>
    /// How many lines the chip labelled <paramref name="label"/> has, from <c>ngpio</c> beside its label in the legacy
    /// <c>{sysRoot}/class/gpio/gpiochipBASE</c> tree; null when sysfs does not say (a kernel without CONFIG_GPIO_SYSFS).
    /// </summary>
    public static int? LineCount(string sysRoot, string label)
    {
        string legacy = Path.Combine(sysRoot, "class", "gpio");
        if (!Directory.Exists(legacy))
        {
            return null;
        }

        foreach (string dir in Directory.EnumerateDirectories(legacy, "gpiochip*"))
        {
            string ngpio = Path.Combine(dir, "ngpio");
            if (ReadLabel(dir) == label && File.Exists(ngpio)
                && int.TryParse(File.ReadAllText(ngpio).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int lines))
            {
                return lines;
            }
        }

        return null;
    }

    private static bool TryChipNumber(string name, out int n) =>
        int.TryParse(name.AsSpan("gpiochip".Length), NumberStyles.None, CultureInfo.InvariantCulture, out n);

    private static string? ReadLabel(string dir)
    {
        string file = Path.Combine(dir, "label");
        try
        {
            return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
