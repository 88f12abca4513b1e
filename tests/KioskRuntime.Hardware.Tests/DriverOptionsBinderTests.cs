using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Json;
using KioskRuntime.Devices;
using KioskRuntime.Devices.Drivers;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Printing.Drivers;
using KioskRuntime.Scanners.Evdev;
using KioskRuntime.Scanners.Serial;

namespace KioskRuntime.Hardware.Tests;

/// <summary>The one options binder every driver reads its profile options with (it lives with the device contracts).</summary>
public sealed class DriverOptionsBinderTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public void Every_problem_is_reported_at_once_with_its_path()
    {
        var (options, problems) = DriverOptionsBinder.Bind<SerialScannerOptions>(
            Json("""{ "baud": 9601, "framing": "morse", "aimPrefix": "yes", "parity": "even", "interfaceNumber": 1.5 }"""), "/dev/ttyACM0", "path");
        Assert.Null(options);
        Assert.Contains(problems, p => p.Path == "options.framing" && p.Message.Contains("line, cr, lf, cr-lf", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "options.aimPrefix" && p.Message == "expected true or false, found \"yes\"");
        Assert.Contains(problems, p => p.Path == "options.parity" && p.Message.StartsWith("unknown option 'parity'; this driver takes: ", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "options.interfaceNumber" && p.Message == "expected a whole number, found 1.5");

        // Once the types are right, the record's own rules run, with the same paths.
        var (_, semantic) = DriverOptionsBinder.Bind<SerialScannerOptions>(Json("""{ "baud": 9601 }"""), "/dev/ttyACM0", "path");
        Assert.Equal([("options.baud", "9601 is not a standard rate (1200…921600)")], semantic);
    }

    [Fact]
    public void The_loader_prefixes_the_device_and_finds_the_line()
    {
        const string json = """
            { "kioskId": "k", "seller": { "name": "X", "orgNumber": "123456785" }, "controlBarcodes": { "checkout": "A", "cancel": "B" },
              "devices": [
                { "name": "s", "kind": "scanner", "driver": "serial", "path": "/dev/ttyACM0",
                  "options": { "baud": 9601 } } ] }
            """;
        var (_, problems) = new ProfileLoader(AllDrivers.Create()).Parse(Encoding.UTF8.GetBytes(json), "p.json");
        var problem = Assert.Single(problems);
        Assert.Equal("p.json:4:20: devices[0].options.baud: 9601 is not a standard rate (1200…921600)", problem.ToString());
    }

    [Theory]
    [InlineData("enter-or-tab")]
    [InlineData("enterOrTab")]
    [InlineData("EnterOrTab")]
    public void Enums_read_in_kebab_case_and_as_profiles_wrote_them_before(string spelling)
    {
        var (options, problems) = DriverOptionsBinder.Bind<EvdevScannerOptions>(Json($$"""{ "terminator": "{{spelling}}" }"""), "/dev/input/event3", "path");
        Assert.Empty(problems);
        Assert.Equal(ScanTerminator.EnterOrTab, options!.Terminator);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("\"2\"")]
    [InlineData("\"enter_or_tab_x\"")]
    public void Enums_never_read_from_numbers_or_unknown_names(string value)
    {
        var (options, problems) = DriverOptionsBinder.Bind<EvdevScannerOptions>(Json($$"""{ "terminator": {{value}} }"""), "/dev/input/event3", "path");
        Assert.Null(options);
        Assert.Contains(problems, p => p.Path == "options.terminator");
    }

    [Fact]
    public void Ranges_and_required_options_are_checked_by_the_binder()
    {
        var (_, problems) = DriverOptionsBinder.Bind<LineOptions>(Json("""{ "line": 600 }"""), null);
        Assert.Contains(("options.line", "expected a whole number from 0 to 511, found 600"), problems);
        Assert.Contains(("options.chipLabel", "required"), problems);
    }

    [Fact]
    public void The_device_path_fills_its_property_and_problems_with_it_point_at_path()
    {
        var (options, problems) = DriverOptionsBinder.Bind<EvdevScannerOptions>(Json("{}"), "/dev/input/event3", "path");
        Assert.Empty(problems);
        Assert.Equal("/dev/input/event3", options!.Path);

        var (_, relative) = DriverOptionsBinder.Bind<EvdevScannerOptions>(Json("{}"), "input/event3", "path");
        Assert.Contains(relative, p => p.Path == "path" && p.Message.Contains("not absolute", StringComparison.Ordinal));

        // A property filled only from the path is not an option.
        var (pn532, complaints) = DriverOptionsBinder.Bind<PortOptions>(Json("""{ "baud": 9600, "serialPort": "/dev/ttyS0" }"""), "/dev/ttyUSB0");
        Assert.Null(pn532);
        Assert.Contains(complaints, p => p.Path == "options.serialPort" && p.Message.StartsWith("unknown option", StringComparison.Ordinal));
        var (port, none) = DriverOptionsBinder.Bind<PortOptions>(Json("{}"), "/dev/ttyUSB0");
        Assert.Empty(none);
        Assert.Equal("/dev/ttyUSB0", port!.SerialPort);
        var (_, relativePort) = DriverOptionsBinder.Bind<PortOptions>(Json("{}"), "ttyUSB0");
        Assert.Equal([("path", "'ttyUSB0' is not absolute")], relativePort);
    }

    [Fact]
    public void Computed_properties_are_not_options()
    {
        var (options, problems) = DriverOptionsBinder.Bind<PrinterLayoutOptions>(Json("""{ "model": "x" }"""), null);
        Assert.Null(options);
        Assert.Equal(["options.model"], problems.Select(p => p.Path));
    }

    [Fact]
    public void A_part_of_another_drivers_options_can_be_read_on_its_own()
    {
        var printer = new DeviceConfig("p", DeviceKind.Printer, "serial", "/dev/ttyUSB0",
            Json("""{ "capabilities": "epson-tm-t88vi", "columns": 42, "baudRate": 38400, "rtsCts": false }"""), 1);
        var layout = PrinterLayoutOptions.Of(printer);
        Assert.Equal(("epson-tm-t88vi", 42), (layout.Capabilities, layout.Columns));
    }

    [Fact]
    public void Dictionaries_of_enums_report_the_entry()
    {
        var (options, problems) = DriverOptionsBinder.Bind<EndingOptions>(Json("""{ "outcomes": { "13": "enter", "14": "explode" } }"""), null);
        Assert.Null(options);
        Assert.Contains(problems, p => p.Path == "options.outcomes.14" && p.Message.Contains("enter-or-tab", StringComparison.Ordinal));
    }

    private sealed record LineOptions : IDriverOptions
    {
        public required string ChipLabel { get; init; }

        [Range(0, 511)]
        public required int Line { get; init; }

        public IEnumerable<(string Path, string Message)> Validate() => [];
    }

    private sealed record PortOptions : IDriverOptions
    {
        public int Baud { get; init; } = 9600;

        [DevicePath]
        public string? SerialPort { get; init; }

        public IEnumerable<(string Path, string Message)> Validate() =>
            SerialPort is { } port && !port.StartsWith('/') ? [("options.serialPort", $"'{port}' is not absolute")] : [];
    }

    private sealed record EndingOptions : IDriverOptions
    {
        public IReadOnlyDictionary<string, ScanTerminator> Outcomes { get; init; } = new Dictionary<string, ScanTerminator>();

        public IEnumerable<(string Path, string Message)> Validate() => [];
    }
}
