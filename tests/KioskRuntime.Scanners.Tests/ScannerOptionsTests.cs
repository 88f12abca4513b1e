using System.Text.Json;
using System.Text.Json.Serialization;
using KioskRuntime.Scanners.Evdev;
using KioskRuntime.Scanners.Hid;
using KioskRuntime.Scanners.Serial;

namespace KioskRuntime.Scanners.Tests;

public sealed class ScannerOptionsTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    [Fact]
    public void Profile_json_maps_onto_the_evdev_options()
    {
        const string json = """
            { "vendorId": "0c2e", "productId": "0b61", "serial": "21012B4C31", "layout": "no", "eventSize": "16",
              "grab": false, "terminator": "enterOrTab", "partialTimeoutMs": 200, "partialScan": "flush", "aimPrefix": true }
            """;

        EvdevScannerOptions o = JsonSerializer.Deserialize<EvdevScannerOptions>(json, Json)!;

        Assert.Empty(o.Validate());
        Assert.Equal(("no", 16, false, ScanTerminator.EnterOrTab, PartialScanHandling.Flush, true),
            (o.Layout, o.ResolvedEventSize, o.Grab, o.Terminator, o.PartialScan, o.AimPrefix));
        Assert.Equal(((ushort)0x0C2E, (ushort)0x0B61), o.UsbIds);
    }

    [Fact]
    public void Profile_json_maps_onto_the_hidraw_and_serial_options()
    {
        HidrawScannerOptions h = JsonSerializer.Deserialize<HidrawScannerOptions>(
            """{ "path": "/dev/kiosk/scanner", "beepOnGoodRead": true, "fallback": "honeywell64" }""", Json)!;
        SerialScannerOptions s = JsonSerializer.Deserialize<SerialScannerOptions>(
            """{ "path": "/dev/ttyACM0", "baud": 115200, "framing": "suffix", "suffixHex": "0d0a" }""", Json)!;

        Assert.Empty(h.Validate());
        Assert.Equal((true, HidPosFallback.Honeywell64), (h.BeepOnGoodRead, h.Fallback));
        Assert.Empty(s.Validate());
        Assert.Equal((115200, SerialFraming.Suffix), (s.Baud, s.Framing));
    }

    [Fact]
    public void Auto_event_size_follows_the_process_bitness() =>
        Assert.Equal(Environment.Is64BitProcess ? 24 : 16, new EvdevScannerOptions().ResolvedEventSize);

    [Fact]
    public void Every_problem_is_listed_with_its_property()
    {
        IReadOnlyList<string> problems = new SerialScannerOptions
        {
            Baud = 12345,
            Framing = SerialFraming.Suffix,
            ReconnectIntervalMs = 2000,
            InterfaceNumber = 300,
        }.Validate();

        Assert.Equal(
            ["path:", "interfaceNumber:", "reconnectIntervalMs:", "path:", "baud:", "suffixHex:"],
            problems.Select(p => p[..(p.IndexOf(':', StringComparison.Ordinal) + 1)]));
    }

    [Fact]
    public void A_relative_path_is_refused() =>
        Assert.Contains(new HidrawScannerOptions { Path = "hidraw0" }.Validate(), p => p.Contains("not absolute", StringComparison.Ordinal));
}
