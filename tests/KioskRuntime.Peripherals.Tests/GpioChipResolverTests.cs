using KioskRuntime.Peripherals.Gpio;

namespace KioskRuntime.Peripherals.Tests;

public sealed class GpioChipResolverTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sysfs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Chip(string dir, string label)
    {
        Directory.CreateDirectory(Path.Combine(_root, dir));
        File.WriteAllText(Path.Combine(_root, dir, "label"), label + "\n");
    }

    [Fact]
    public void Finds_the_chip_number_by_label_under_bus_gpio_devices()
    {
        // A Pi 5 on a newer kernel: the RP1 header chip is gpiochip0, the SoC's own chips come after it.
        Chip("bus/gpio/devices/gpiochip0", "pinctrl-rp1");
        Chip("bus/gpio/devices/gpiochip10", "gpio-brcmstb@107d508500");
        Chip("bus/gpio/devices/gpiochip11", "gpio-brcmstb@107d508520");
        Assert.Equal(0, GpioChipResolver.Resolve(_root, "pinctrl-rp1"));
        Assert.Equal(11, GpioChipResolver.Resolve(_root, "gpio-brcmstb@107d508520"));
    }

    [Fact]
    public void Falls_back_to_the_legacy_class_gpio_tree_where_directories_are_named_by_base()
    {
        Chip("class/gpio/gpiochip571", "pinctrl-rp1");
        Directory.CreateDirectory(Path.Combine(_root, "class/gpio/gpiochip571/device/gpiochip4"));
        Assert.Equal(4, GpioChipResolver.Resolve(_root, "pinctrl-rp1"));
    }

    [Fact]
    public void An_unknown_label_lists_what_is_there()
    {
        Chip("bus/gpio/devices/gpiochip0", "pinctrl-bcm2711");
        var ex = Assert.Throws<GpioChipNotFoundException>(() => GpioChipResolver.Resolve(_root, "pinctrl-rp1"));
        Assert.Contains("gpiochip0=pinctrl-bcm2711", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_gpio_at_all_says_none()
    {
        var ex = Assert.Throws<GpioChipNotFoundException>(() => GpioChipResolver.Resolve(_root, "pinctrl-rp1"));
        Assert.Contains("found: none", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_a_chips_line_count_from_ngpio_in_the_legacy_tree_and_says_null_without_it()
    {
        Chip("bus/gpio/devices/gpiochip0", "pinctrl-rp1");
        Assert.Null(GpioChipResolver.LineCount(_root, "pinctrl-rp1"));

        Chip("class/gpio/gpiochip571", "pinctrl-rp1");
        File.WriteAllText(Path.Combine(_root, "class/gpio/gpiochip571/ngpio"), "54\n");
        Chip("class/gpio/gpiochip512", "gpio-brcmstb@107d508500");
        File.WriteAllText(Path.Combine(_root, "class/gpio/gpiochip512/ngpio"), "32\n");
        Assert.Equal(54, GpioChipResolver.LineCount(_root, "pinctrl-rp1"));
        Assert.Equal(32, GpioChipResolver.LineCount(_root, "gpio-brcmstb@107d508500"));
        Assert.Null(GpioChipResolver.LineCount(_root, "pinctrl-bcm2711"));
    }
}
