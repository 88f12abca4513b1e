using System.Text.Json;

namespace KioskRuntime.Peripherals.Gpio;

/// <summary>Where a GPIO driver's lines are: the chip by label, and the sysfs root to resolve it under.</summary>
public abstract record GpioChipOptions
{
    /// <summary>The chip's label (<c>pinctrl-rp1</c> on a Pi 5, <c>pinctrl-bcm2711</c> on a Pi 4, <c>pinctrl-bcm2835</c> on a Pi 3).</summary>
    public required string ChipLabel { get; init; }

    /// <summary>Where sysfs is mounted (tests point it at a directory of their own).</summary>
    public string SysRoot { get; init; } = "/sys";

    internal static (string ChipLabel, string SysRoot) Read(ProfileJson json) =>
        (json.String("chipLabel", required: true) ?? "", json.String("sysRoot") ?? "/sys");
}

/// <summary>One output line: its offset on the chip and whether "on" is the low level.</summary>
public sealed record GpioOutputLine(int Line, bool ActiveLow = false)
{
    internal static GpioOutputLine Read(ProfileJson json, string lineName = "line") =>
        new(json.Int(lineName, 0, 0, 511, required: true), json.Bool("activeLow", false));
}

internal static class GpioOptionsJson
{
    public static (T? Options, IReadOnlyList<(string Path, string Message)> Problems) Finish<T>(ProfileJson json, Func<T> build)
        where T : class => json.Problems.Count > 0 ? (null, json.Problems) : (build(), json.Problems);

    public static ProfileJson Open(JsonElement options, params string[] names) => new ProfileJson(options).AllowOnly(["chipLabel", "sysRoot", .. names]);
}
