using System.Text.Json;
using KioskRuntime.Peripherals.Gpio;

namespace KioskRuntime.Cli.Probing;

/// <summary>
/// The GPIO drivers' probe: the chip with the profile's label exists, and every line the profile uses (<c>line</c>, or each of
/// <c>inputs[].line</c>) is below the chip's line count (<c>ngpio</c> in sysfs). Where sysfs does not give the count, the lines are
/// <c>not-checked</c>, never "ok".
/// </summary>
internal sealed partial class DeviceProbe
{
    private static ProbeResult Gpio(string? label, string sysRoot, IReadOnlyList<int> lines, Func<string, string, string?, ProbeResult> r)
    {
        int chip;
        try
        {
            chip = GpioChipResolver.Resolve(sysRoot, label ?? "");
        }
        catch (IOException e)
        {
            return r("missing", e.Message, "use the profile for this board (the chip label differs between a Pi 4 'pinctrl-bcm2711' and a Pi 5 'pinctrl-rp1')");
        }

        var used = lines.Count == 0 ? "no lines" : "line(s) " + string.Join(", ", lines);
        if (GpioChipResolver.LineCount(sysRoot, label ?? "") is not { } count)
        {
            return r("not-checked", $"GPIO chip '{label}' is gpiochip{chip}; its line count is not in sysfs, so {used} not checked", null);
        }

        var outside = lines.Where(l => l < 0 || l >= count).ToList();
        return outside.Count == 0
            ? r("ok", $"GPIO chip '{label}' is gpiochip{chip} with {count} lines; {used} present", null)
            : r("mismatch", $"GPIO chip '{label}' (gpiochip{chip}) has lines 0-{count - 1}; the profile uses line(s) {string.Join(", ", outside)}",
                "check the line numbers against the board's pinout (offsets on the chip, not header pin numbers), or use the profile for this board");
    }

    /// <summary>The line offsets a GPIO driver's options name: <c>line</c> (light, lock, buzzer) and <c>inputs[].line</c> (sensors).</summary>
    private static List<int> GpioLines(JsonElement options)
    {
        var lines = new List<int>();
        if (options.ValueKind != JsonValueKind.Object)
        {
            return lines;
        }

        if (options.TryGetProperty("line", out var line) && line.TryGetInt32(out var n))
        {
            lines.Add(n);
        }

        if (options.TryGetProperty("inputs", out var inputs) && inputs.ValueKind == JsonValueKind.Array)
        {
            foreach (var input in inputs.EnumerateArray())
            {
                if (input.ValueKind == JsonValueKind.Object && input.TryGetProperty("line", out var l) && l.TryGetInt32(out var m))
                {
                    lines.Add(m);
                }
            }
        }

        return lines;
    }
}
