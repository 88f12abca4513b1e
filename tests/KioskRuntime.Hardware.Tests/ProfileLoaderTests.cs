using System.Text;
using KioskRuntime.Devices;
using KioskRuntime.Hardware.Profiles;

namespace KioskRuntime.Hardware.Tests;

public sealed class ProfileLoaderTests
{
    private static readonly ProfileLoader Loader = new(AllDrivers.Create());

    private static string RepoFile(string relative)
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "KioskRuntime.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        }

        return Path.Combine(dir, relative);
    }

    [Fact]
    public void The_shipped_simulated_profile_is_valid()
    {
        var profile = Loader.Load(RepoFile("hardware-profiles/simulated.json"));
        Assert.Equal("demo-kiosk-1", profile.KioskId);
        Assert.Equal("NOK", profile.Currency);
        Assert.Contains(profile.Devices, d => d.Kind == DeviceKind.Scanner && d.Driver == "simulated");
        Assert.Contains(profile.Devices, d => d.Kind == DeviceKind.PaymentTerminal);
        Assert.Equal("123456785", profile.Seller.OrgNumber);
    }

    [Fact]
    public void The_shipped_raspberry_pi_profile_is_valid_with_real_drivers()
    {
        var profile = Loader.Load(RepoFile("hardware-profiles/pi-honeywell-epson.json"));
        Assert.Equal(["hidraw", "usblp", "simulated"], profile.Devices.Select(d => d.Driver));
    }

    [Fact]
    public void Real_driver_options_are_checked_with_their_lines()
    {
        const string json = """
            { "kioskId": "k", "seller": { "name": "X", "orgNumber": "123456785" },
              "controlBarcodes": { "checkout": "A", "cancel": "B" },
              "devices": [
                { "name": "s1", "kind": "scanner", "driver": "evdev", "path": "/dev/input/event3", "options": { "layout": "no", "colour": "red" } },
                { "name": "s2", "kind": "scanner", "driver": "hidraw", "options": { "vendorId": "xyz" } },
                { "name": "p", "kind": "printer", "driver": "tcp9100", "path": "10.0.0.5:9100", "options": { "capabilities": "epson-tm-t99" } } ] }
            """;
        var (_, problems) = Loader.Parse(Encoding.UTF8.GetBytes(json), "real.json");
        Assert.Contains(problems, p => p.Path.StartsWith("devices[0].options", StringComparison.Ordinal) && p.Line == 4 && p.Message.Contains("colour", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path.StartsWith("devices[1]", StringComparison.Ordinal) && p.Line == 5);
        Assert.Contains(problems, p => p.Path == "devices[2].options.capabilities" && p.Line == 6 && p.Message.Contains("epson-tm-t20iii", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_reported_with_its_line_and_what_was_expected()
    {
        const string json = """
            {
              "kioskId": "Demo Kiosk",
              "currency": "nok",
              "seller": { "name": "X", "orgNumber": "123456789" },
              "controlBarcodes": { "checkout": "A", "cancel": "B" },
              "devices": [
                { "name": "scanner", "kind": "scanner", "driver": "hidrawx", "path": "/dev/hidraw0" },
                { "name": "printer", "kind": "toaster", "driver": "simulated" },
                { "name": "terminal", "kind": "payment-terminal", "driver": "simulated", "options": { "delayMs": "fast" } }
              ],
              "colour": "blue"
            }
            """;
        var (profile, problems) = Loader.Parse(Encoding.UTF8.GetBytes(json), "bad.json");
        Assert.Null(profile);
        Assert.Contains(problems, p => p.Path == "kioskId" && p.Line == 2 && p.Message.Contains("[a-z0-9]", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "currency" && p.Line == 3);
        Assert.Contains(problems, p => p.Path == "seller.orgNumber" && p.Line == 4 && p.Message.Contains("modulus-11", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "devices[0].driver" && p.Line == 7 && p.Message.Contains("expected one of: ", StringComparison.Ordinal) && p.Message.Contains("hidraw", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "devices[1].kind" && p.Line == 8 && p.Message.Contains("payment-terminal", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "devices[2].options.delayMs" && p.Line == 9);
        Assert.Contains(problems, p => p.Path == "colour" && p.Line == 11 && p.Message.Contains("unknown setting", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.StartsWith("bad.json:", p.ToString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("nexo", false)]
    [InlineData("nexo-simulated", true)]
    public void A_receipt_printer_may_be_optional_only_where_no_real_money_is_taken(string terminalDriver, bool loads)
    {
        var json = $$"""
            {
              "kioskId": "k", "seller": { "name": "X", "orgNumber": "123456785" },
              "controlBarcodes": { "checkout": "A", "cancel": "B" },
              "requireReceiptPrinter": false,
              "devices": [ { "name": "terminal", "kind": "payment-terminal", "driver": "{{terminalDriver}}", "path": "devices/terminal/t.json" } ]
            }
            """;
        var (profile, problems) = Loader.Parse(Encoding.UTF8.GetBytes(json), "printer.json");
        Assert.Equal(loads, !problems.Any(p => p.Path == "requireReceiptPrinter"));
        if (!loads)
        {
            Assert.Null(profile);
            Assert.Contains(problems, p => p.Path == "requireReceiptPrinter" && p.Message.Contains("§ 2-6 (4)", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Staff_cards_and_the_access_policy_are_checked_against_the_devices()
    {
        const string json = """
            {
              "kioskId": "k", "seller": { "name": "X", "orgNumber": "123456785" },
              "controlBarcodes": { "checkout": "A", "cancel": "B" },
              "devices": [ { "name": "io", "kind": "gpio", "driver": "gpio-inputs" } ],
              "staff": [
                { "id": "kari", "role": "staff", "cardHash": "04A224B1C3D2E5" },
                { "id": "ola", "role": "boss", "cardHash": "892a9dea8c85d0831e72eb987f197598e89c520e5167f11e1f90a0e85d09c1fe" }
              ],
              "access": { "unlockAfterSale": true, "staffModeSeconds": 5 }
            }
            """;
        var (profile, problems) = Loader.Parse(Encoding.UTF8.GetBytes(json), "access.json");
        Assert.Null(profile);
        Assert.Contains(problems, p => p.Path == "devices[0].kind" && p.Line == 4 && p.Message.Contains("light, door-lock, buzzer or sensors", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "staff[0].cardHash" && p.Line == 6 && p.Message.Contains("never the raw UID", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "staff[1].role" && p.Line == 7 && p.Message.Contains("staff or technician", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "access.staffModeSeconds" && p.Line == 9);
        Assert.Contains(problems, p => p.Path == "access.unlockAfterSale" && p.Message.Contains("no door-lock device", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "staff" && p.Message.Contains("no nfc card reader", StringComparison.Ordinal));
    }

    [Fact]
    public void Gs1_rules_default_to_the_Norwegian_dates_and_a_profile_overrides_them_with_every_problem_placed()
    {
        const string ok = """
            {
              "kioskId": "k", "seller": { "name": "X", "orgNumber": "123456785" },
              "controlBarcodes": { "checkout": "A", "cancel": "B" },
              "devices": [],
              "gs1": { "priceTolerance": "0.50", "dates": { "15": "refuse-after" } }
            }
            """;
        var (profile, none) = Loader.Parse(Encoding.UTF8.GetBytes(ok), "gs1.json");
        Assert.Empty(none);
        Assert.Equal(0.50m, profile!.Gs1.PriceTolerance);
        Assert.Equal(Gs1DateRule.RefuseAfter, profile.Gs1.Dates["15"]);
        Assert.Equal(Gs1DateRule.RefuseAfter, profile.Gs1.Dates["17"]); // use-by keeps its Norwegian default
        Assert.Equal(Gs1DateRule.Sell, profile.Gs1.Dates["16"]);

        const string bad = """
            {
              "kioskId": "k", "seller": { "name": "X", "orgNumber": "123456785" },
              "controlBarcodes": { "checkout": "A", "cancel": "B" },
              "devices": [],
              "gs1": { "priceTolerance": "ti kroner", "currency": "SEK",
                       "dates": { "17": "never", "11": "sell" } }
            }
            """;
        var (none2, problems) = Loader.Parse(Encoding.UTF8.GetBytes(bad), "gs1.json");
        Assert.Null(none2);
        Assert.Contains(problems, p => p.Path == "gs1.priceTolerance" && p.Line == 5 && p.Message.Contains("'ti kroner'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "gs1.currency" && p.Message.Contains("unknown setting", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "gs1.dates.17" && p.Line == 6 && p.Message.Contains("\"sell\" or \"refuse-after\"", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "gs1.dates.11" && p.Message.Contains("15, 16, 17, 7003", StringComparison.Ordinal));
        Assert.Equal(Gs1DateRule.RefuseAfter, new Gs1Rules().Dates["7003"]);
    }

    [Fact]
    public void The_screen_section_switches_the_local_api_and_is_checked_where_it_is_wrong()
    {
        Assert.True(Loader.Load(RepoFile("hardware-profiles/simulated.json")).Screen is { Enabled: true, Port: 8089 });
        Assert.False(Loader.Load(RepoFile("hardware-profiles/pi-honeywell-epson.json")).Screen.Enabled); // off unless a profile opens it
        const string json = """
            {
              "kioskId": "k", "seller": { "name": "X", "orgNumber": "123456785" },
              "controlBarcodes": { "checkout": "A", "cancel": "B" },
              "devices": [],
              "screen": { "enabled": "yes", "port": 70000, "bind": "0.0.0.0" }
            }
            """;
        var (profile, problems) = Loader.Parse(Encoding.UTF8.GetBytes(json), "screen.json");
        Assert.Null(profile);
        Assert.Contains(problems, p => p.Path == "screen.enabled" && p.Line == 5);
        Assert.Contains(problems, p => p.Path == "screen.port" && p.Line == 5);
        Assert.Contains(problems, p => p.Path == "screen.bind" && p.Message.Contains("loopback and a unix socket only", StringComparison.Ordinal));
    }

    [Fact]
    public void The_simulated_profile_has_staff_cards_and_opens_the_door_after_a_sale()
    {
        var profile = Loader.Load(RepoFile("hardware-profiles/simulated.json"));
        Assert.True(profile.Access.UnlockAfterSale);
        Assert.Equal([("kari", StaffRole.Staff), ("tech-ola", StaffRole.Technician)], profile.Staff.Select(s => (s.Id, s.Role)));
        Assert.Contains(profile.Devices, d => d.Kind == DeviceKind.DoorLock);
        Assert.Contains(profile.Devices, d => d.Kind == DeviceKind.Sensors);
        Assert.Contains(profile.Devices, d => d.Kind == DeviceKind.Nfc);
    }

    [Fact]
    public void A_syntax_error_points_at_its_line()
    {
        var (_, problems) = Loader.Parse(Encoding.UTF8.GetBytes("{\n  \"kioskId\": \"a\",\n  \"devices\": [ }\n"), "broken.json");
        var p = Assert.Single(problems);
        Assert.Equal(3, p.Line);
        Assert.Contains("not valid JSON", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Device_names_must_be_unique()
    {
        const string json = """
            { "kioskId": "k", "seller": { "name": "X", "orgNumber": "123456785" },
              "controlBarcodes": { "checkout": "A", "cancel": "B" },
              "devices": [
                { "name": "s", "kind": "scanner", "driver": "simulated", "path": "a" },
                { "name": "s", "kind": "scanner", "driver": "simulated", "path": "b" } ] }
            """;
        var (_, problems) = Loader.Parse(Encoding.UTF8.GetBytes(json), "dup.json");
        Assert.Contains(problems, p => p.Path == "devices[1].name" && p.Line == 5);
    }

    [Fact]
    public void Variable_measure_templates_are_checked_where_they_stand()
    {
        const string json = """
            { "kioskId": "k", "seller": { "name": "X", "orgNumber": "123456785" },
              "controlBarcodes": { "checkout": "A", "cancel": "B" },
              "variableMeasure": [
                { "prefix": "23", "itemDigits": 5, "valueDigits": 5, "decimals": 3, "unit": "kilograms" },
                { "prefix": "31", "itemDigits": 9, "valueDigits": 5, "decimals": 2, "unit": "kroner" },
                { "prefix": "24", "itemDigits": 5, "valueDigits": 5, "decimals": 2, "unit": "litres" } ],
              "devices": [] }
            """;
        var (profile, problems) = Loader.Parse(Encoding.UTF8.GetBytes(json), "vm.json");
        Assert.Null(profile);
        Assert.DoesNotContain(problems, p => p.Path.StartsWith("variableMeasure[0]", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "variableMeasure[1]" && p.Line == 5);
        Assert.Contains(problems, p => p.Path == "variableMeasure[2]" && p.Line == 6);
    }

    [Theory]
    [InlineData("123456785", true)]
    [InlineData("974760673", true)] // Brønnøysundregistrene
    [InlineData("123456789", false)]
    [InlineData("12345678", false)]
    public void Organisation_numbers_are_checked_with_modulus_11(string number, bool valid) => Assert.Equal(valid, OrgNumber.IsValid(number));
}
