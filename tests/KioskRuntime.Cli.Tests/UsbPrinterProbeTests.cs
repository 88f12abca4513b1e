using System.Text;
using KioskRuntime.Cli.Probing;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Scanners.Discovery;

namespace KioskRuntime.Cli.Tests;

/// <summary>
/// The probe of a usblp printer against a fake sysfs tree and /dev: the udev name (<c>/dev/kiosk/printer</c>) links to <c>usb/lp0</c>,
/// and usblp's <c>ieee1284_id</c> sits on the USB interface under <c>class/usbmisc/lp0/device</c>. The printer's model must match the
/// profile's capabilities; when the id cannot be read the model is "not-checked", never "ok".
/// </summary>
public sealed class UsbPrinterProbeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kiosk-probe-lp-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_printer_answering_as_another_model_is_a_mismatch_naming_the_profile_to_use()
    {
        var node = FakePrinter("MFG:EPSON;CMD:ESC/POS;MDL:TM-T88V;CLS:PRINTER;");
        var profiles = Directory.CreateDirectory(Path.Combine(_root, "profiles")).FullName;
        File.WriteAllText(Path.Combine(profiles, "kit-t88v.json"), ProfileText(node, "epson-tm-t88v"));
        File.WriteAllText(Path.Combine(profiles, "kit-t20.json"), ProfileText(node, "epson-tm-t20iii"));

        var printer = await ProbePrinterAsync(node, "epson-tm-t20iii", profiles);

        Assert.Equal("mismatch", printer.Verdict);
        Assert.Equal($"printer answers as TM-T88V but the profile says epson-tm-t20iii: use {Path.Combine(profiles, "kit-t88v.json")}", printer.Next);
        Assert.False(DeviceProbe.AllFit([printer]));
    }

    [Fact]
    public async Task A_printer_answering_as_the_profiles_model_is_ok()
    {
        var node = FakePrinter("MFG:EPSON;CMD:ESC/POS;MDL:TM-T20III;CLS:PRINTER;\n");

        var printer = await ProbePrinterAsync(node, "epson-tm-t20iii", null);

        Assert.Equal("ok", printer.Verdict);
        Assert.Contains("answers as EPSON TM-T20III", printer.Detail, StringComparison.Ordinal);
        Assert.Contains("ieee1284_id", printer.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_whose_id_cannot_be_read_is_not_checked_rather_than_ok()
    {
        // No ieee1284_id in sysfs, and the node is a plain file: LPIOC_GET_DEVICE_ID fails (ENOTTY).
        var node = FakePrinter(null);

        var printer = await ProbePrinterAsync(node, "epson-tm-t20iii", null);

        Assert.Equal("not-checked", printer.Verdict);
        Assert.Contains("LPIOC_GET_DEVICE_ID", printer.Detail, StringComparison.Ordinal);
        Assert.Contains("not checked against epson-tm-t20iii", printer.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_node_is_missing()
    {
        var printer = await ProbePrinterAsync(Path.Combine(_root, "dev", "kiosk", "printer"), "epson-tm-t20iii", null);

        Assert.Equal("missing", printer.Verdict);
    }

    /// <summary>Creates dev/usb/lp0 with the udev link dev/kiosk/printer, and (when given) usblp's ieee1284_id in the fake sysfs.</summary>
    private string FakePrinter(string? ieee1284Id)
    {
        var lp0 = Path.Combine(Directory.CreateDirectory(Path.Combine(_root, "dev", "usb")).FullName, "lp0");
        File.WriteAllBytes(lp0, []);
        var link = Path.Combine(Directory.CreateDirectory(Path.Combine(_root, "dev", "kiosk")).FullName, "printer");
        File.CreateSymbolicLink(link, "../usb/lp0");
        if (ieee1284Id is not null)
        {
            var device = Directory.CreateDirectory(Path.Combine(_root, "sys", "class", "usbmisc", "lp0", "device")).FullName;
            File.WriteAllText(Path.Combine(device, "ieee1284_id"), ieee1284Id);
        }

        return link;
    }

    private async Task<ProbeResult> ProbePrinterAsync(string node, string capabilities, string? profilesDir)
    {
        var (profile, problems) = new ProfileLoader(Commands.ProfileDrivers()).Parse(Encoding.UTF8.GetBytes(ProfileText(node, capabilities)), "test.json");
        Assert.True(profile is not null, string.Join("; ", problems));
        var sys = Path.Combine(_root, "sys");
        Directory.CreateDirectory(sys);
        var probe = new DeviceProbe(new SysfsScannerDiscovery(sys, Path.Combine(_root, "dev")), _root, TimeSpan.FromSeconds(2), sys, profilesDir);
        var results = await probe.ProbeAsync(profile, CancellationToken.None);
        return Assert.Single(results, r => r.Device == "printer");
    }

    /// <summary>The embedded simulated profile with its printer replaced by a usblp printer at <paramref name="node"/>.</summary>
    private static string ProfileText(string node, string capabilities) => SimulatedProfileText.With(
        "{ \"name\": \"printer\", \"kind\": \"printer\", \"driver\": \"simulated\", \"path\": \"printer\",\n      \"options\": { \"capabilities\": \"epson-tm-t20iii\", \"paperWidthMm\": 80 } }",
        $"{{ \"name\": \"printer\", \"kind\": \"printer\", \"driver\": \"usblp\", \"path\": \"{node}\", \"options\": {{ \"capabilities\": \"{capabilities}\", \"paperWidthMm\": 80 }} }}");
}
