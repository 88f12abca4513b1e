using System.Text;
using KioskRuntime.Cli.Probing;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Scanners.Discovery;

namespace KioskRuntime.Cli.Tests;

/// <summary>
/// The probe of a GPIO light against a fake sysfs tree (a Pi 5: the RP1 header chip, 54 lines): the chip must be there by label, and
/// the profile's line must be one of its lines; without the line count in sysfs the lines are "not-checked", never "ok".
/// </summary>
public sealed class GpioProbeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kiosk-probe-gpio-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_line_on_the_chip_is_ok()
    {
        FakeChip(ngpio: 54);

        var light = await ProbeLightAsync(line: 17);

        Assert.Equal("ok", light.Verdict);
        Assert.Equal("GPIO chip 'pinctrl-rp1' is gpiochip0 with 54 lines; line(s) 17 present", light.Detail);
    }

    [Fact]
    public async Task A_line_beyond_the_chip_is_a_mismatch()
    {
        FakeChip(ngpio: 54);

        var light = await ProbeLightAsync(line: 54);

        Assert.Equal("mismatch", light.Verdict);
        Assert.Contains("has lines 0-53; the profile uses line(s) 54", light.Detail, StringComparison.Ordinal);
        Assert.NotNull(light.Next);
        Assert.False(DeviceProbe.AllFit([light]));
    }

    [Fact]
    public async Task Without_the_line_count_the_lines_are_not_checked_rather_than_ok()
    {
        FakeChip(ngpio: null);

        var light = await ProbeLightAsync(line: 17);

        Assert.Equal("not-checked", light.Verdict);
        Assert.Contains("line(s) 17 not checked", light.Detail, StringComparison.Ordinal);
    }

    private void FakeChip(int? ngpio)
    {
        var bus = Directory.CreateDirectory(Path.Combine(_root, "sys", "bus", "gpio", "devices", "gpiochip0")).FullName;
        File.WriteAllText(Path.Combine(bus, "label"), "pinctrl-rp1\n");
        if (ngpio is { } n)
        {
            var legacy = Directory.CreateDirectory(Path.Combine(_root, "sys", "class", "gpio", "gpiochip571")).FullName;
            File.WriteAllText(Path.Combine(legacy, "label"), "pinctrl-rp1\n");
            File.WriteAllText(Path.Combine(legacy, "ngpio"), $"{n}\n");
        }
    }

    private async Task<ProbeResult> ProbeLightAsync(int line)
    {
        var text = SimulatedProfileText.With(
            "{ \"name\": \"light\", \"kind\": \"light\", \"driver\": \"simulated\", \"path\": \"devices/light.txt\" }",
            $"{{ \"name\": \"light\", \"kind\": \"light\", \"driver\": \"gpio-light\", \"options\": {{ \"chipLabel\": \"pinctrl-rp1\", \"line\": {line} }} }}");
        var (profile, problems) = new ProfileLoader(Commands.ProfileDrivers()).Parse(Encoding.UTF8.GetBytes(text), "test.json");
        Assert.True(profile is not null, string.Join("; ", problems));
        var sys = Path.Combine(_root, "sys");
        var probe = new DeviceProbe(new SysfsScannerDiscovery(sys, Path.Combine(_root, "dev")), _root, TimeSpan.FromSeconds(2), sys);
        var results = await probe.ProbeAsync(profile, CancellationToken.None);
        return Assert.Single(results, r => r.Device == "light");
    }
}
