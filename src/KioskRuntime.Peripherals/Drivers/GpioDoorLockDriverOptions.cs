using System.ComponentModel.DataAnnotations;
using KioskRuntime.Devices.Drivers;
using KioskRuntime.Peripherals.Gpio;

namespace KioskRuntime.Peripherals.Drivers;

/// <summary>The <c>gpio-lock</c> driver's options: the relay's line and how long the door stays unlocked. Immutable.</summary>
internal sealed record GpioDoorLockDriverOptions : IDriverOptions
{
    public required string ChipLabel { get; init; }

    public string SysRoot { get; init; } = "/sys";

    [Range(0, 511)]
    public required int Line { get; init; }

    public bool ActiveLow { get; init; }

    [Range(500, 60_000)]
    public int HoldOpenMs { get; init; } = 5000;

    [Range(500, 120_000)]
    public int MaxHoldOpenMs { get; init; } = 30_000;

    public GpioDoorLockOptions ToDoorLockOptions() => new()
    {
        ChipLabel = ChipLabel,
        SysRoot = SysRoot,
        Relay = new GpioOutputLine(Line, ActiveLow),
        DefaultHoldOpen = TimeSpan.FromMilliseconds(HoldOpenMs),
        MaxHoldOpen = TimeSpan.FromMilliseconds(MaxHoldOpenMs),
    };

    public IEnumerable<(string Path, string Message)> Validate()
    {
        foreach (var p in GpioDriverChecks.Chip(ChipLabel, SysRoot))
        {
            yield return p;
        }

        if (HoldOpenMs > MaxHoldOpenMs)
        {
            yield return ("options.holdOpenMs", $"{HoldOpenMs} is above maxHoldOpenMs {MaxHoldOpenMs}");
        }
    }
}
