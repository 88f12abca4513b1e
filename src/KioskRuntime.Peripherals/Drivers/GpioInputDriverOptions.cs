using System.ComponentModel.DataAnnotations;
using KioskRuntime.Devices;
using KioskRuntime.Peripherals.Gpio;

namespace KioskRuntime.Peripherals.Drivers;

/// <summary>One input of the <c>gpio-inputs</c> driver: <c>{ "name": "door", "line": 5, "kind": "door" }</c>. Immutable.</summary>
internal sealed record GpioInputDriverOptions
{
    public required string Name { get; init; }

    [Range(0, 511)]
    public required int Line { get; init; }

    public SensorKind Kind { get; init; } = SensorKind.Door;

    public bool ActiveLow { get; init; } = true;

    public GpioPull Pull { get; init; } = GpioPull.Up;

    [Range(0, 5000)]
    public int DebounceMs { get; init; } = 50;

    public GpioInputLine ToInputLine() => new(Name, Line, Kind, ActiveLow, Pull, DebounceMs);
}
