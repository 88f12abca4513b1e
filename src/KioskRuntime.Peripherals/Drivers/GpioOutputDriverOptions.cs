using System.ComponentModel.DataAnnotations;
using KioskRuntime.Devices.Drivers;
using KioskRuntime.Peripherals.Gpio;

namespace KioskRuntime.Peripherals.Drivers;

/// <summary>The <c>gpio-light</c> and <c>gpio-buzzer</c> drivers' options: the chip by label and one output line. Immutable.</summary>
internal sealed record GpioOutputDriverOptions : IDriverOptions
{
    /// <summary>The chip's label (<c>pinctrl-rp1</c> on a Pi 5, <c>pinctrl-bcm2711</c> on a Pi 4).</summary>
    public required string ChipLabel { get; init; }

    /// <summary>Where sysfs is mounted (tests point it at a directory of their own).</summary>
    public string SysRoot { get; init; } = "/sys";

    [Range(0, 511)]
    public required int Line { get; init; }

    public bool ActiveLow { get; init; }

    public GpioStatusLightOptions ToLightOptions() => new() { ChipLabel = ChipLabel, SysRoot = SysRoot, Output = new GpioOutputLine(Line, ActiveLow) };

    public GpioBuzzerOptions ToBuzzerOptions() => new() { ChipLabel = ChipLabel, SysRoot = SysRoot, Output = new GpioOutputLine(Line, ActiveLow) };

    public IEnumerable<(string Path, string Message)> Validate() => GpioDriverChecks.Chip(ChipLabel, SysRoot);
}
