namespace KioskRuntime.Peripherals.Gpio;

/// <summary>Where a GPIO driver's lines are: the chip by label, and the sysfs root to resolve it under.</summary>
internal abstract record GpioChipOptions
{
    /// <summary>The chip's label (<c>pinctrl-rp1</c> on a Pi 5, <c>pinctrl-bcm2711</c> on a Pi 4, <c>pinctrl-bcm2835</c> on a Pi 3).</summary>
    public required string ChipLabel { get; init; }

    /// <summary>Where sysfs is mounted (tests point it at a directory of their own).</summary>
    public string SysRoot { get; init; } = "/sys";
}

/// <summary>One output line: its offset on the chip and whether "on" is the low level.</summary>
internal sealed record GpioOutputLine(int Line, bool ActiveLow = false);
