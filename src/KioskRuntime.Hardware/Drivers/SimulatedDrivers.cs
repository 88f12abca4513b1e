using System.Text.Json;
using KioskRuntime.Devices;
using KioskRuntime.Hardware.Simulated;
using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.EscPos.Rendering;
using Microsoft.Extensions.Logging;
using static KioskRuntime.Hardware.Drivers.DriverOptions;

namespace KioskRuntime.Hardware.Drivers;

/// <summary>Registers the <c>simulated</c> driver of every device kind.</summary>
public static class SimulatedDrivers
{
    /// <summary>Options of the simulated printer; the encoder uses the same names for real printers.</summary>
    public static readonly string[] PrinterOptions = ["capabilities", "paperWidthMm", "columns"];

    public static DriverRegistry AddSimulatedDrivers(this DriverRegistry registry)
    {
        return registry
            .Add(new DriverFactory(
                DeviceKind.Scanner,
                "simulated",
                d => RequirePath(d).Concat(AllowOnly(d.Options)),
                (d, c) => new SimulatedScanner(d.Name, d.Path == "-" ? "-" : c.Resolve(d.Path!), c.ScanSink, c.Time, c.LoggerFactory.CreateLogger<SimulatedScanner>())))
            .Add(new DriverFactory(
                DeviceKind.Printer,
                "simulated",
                d => RequirePath(d).Concat(AllowOnly(d.Options, PrinterOptions))
                    .Concat(CheckCapabilities(d.Options))
                    .Concat(CheckInt(d.Options, "paperWidthMm", 58, 112))
                    .Concat(CheckInt(d.Options, "columns", 24, 64)),
                (d, c) => new SimulatedPrinter(d.Name, c.Resolve(d.Path!), TextRendering(d), c.Time, c.LoggerFactory.CreateLogger<SimulatedPrinter>())))
            .Add(new DriverFactory(
                DeviceKind.PaymentTerminal,
                "simulated",
                d => AllowOnly(d.Options, "declineEndings", "timeoutEndings", "unreachableEndings", "delayMs", "timeoutMs", "cardBrand")
                    .Concat(CheckStringArray(d.Options, "declineEndings"))
                    .Concat(CheckStringArray(d.Options, "timeoutEndings"))
                    .Concat(CheckStringArray(d.Options, "unreachableEndings"))
                    .Concat(CheckInt(d.Options, "delayMs", 0, 600_000))
                    .Concat(CheckInt(d.Options, "timeoutMs", 0, 600_000))
                    .Concat(CheckString(d.Options, "cardBrand")),
                (d, c) => new SimulatedPaymentTerminal(
                    d.Name,
                    c.Resolve(d.Path ?? "terminal"),
                    Behaviour(d),
                    c.Time,
                    c.LoggerFactory.CreateLogger<SimulatedPaymentTerminal>())))
            .Add(new DriverFactory(
                DeviceKind.Display,
                "simulated",
                d => RequirePath(d).Concat(AllowOnly(d.Options, "columns")).Concat(CheckInt(d.Options, "columns", 8, 80)),
                (d, c) => new SimulatedDisplay(d.Name, c.Resolve(d.Path!), Int(d.Options, "columns") ?? 20, c.Time, c.LoggerFactory.CreateLogger<SimulatedDisplay>())))
            .Add(new DriverFactory(
                DeviceKind.Light,
                "simulated",
                d => RequirePath(d).Concat(AllowOnly(d.Options)),
                (d, c) => new SimulatedLight(d.Name, c.Resolve(d.Path!), c.Time, c.LoggerFactory.CreateLogger<SimulatedLight>())))
            .Add(new DriverFactory(
                DeviceKind.DoorLock,
                "simulated",
                d => RequirePath(d).Concat(AllowOnly(d.Options, "holdOpenMs", "maxHoldOpenMs"))
                    .Concat(CheckInt(d.Options, "holdOpenMs", 500, 60_000))
                    .Concat(CheckInt(d.Options, "maxHoldOpenMs", 500, 120_000)),
                (d, c) => new SimulatedDoorLock(
                    d.Name,
                    c.Resolve(d.Path!),
                    TimeSpan.FromMilliseconds(Int(d.Options, "holdOpenMs") ?? 5000),
                    TimeSpan.FromMilliseconds(Int(d.Options, "maxHoldOpenMs") ?? 30_000),
                    c.Time,
                    c.LoggerFactory.CreateLogger<SimulatedDoorLock>())))
            .Add(new DriverFactory(
                DeviceKind.Buzzer,
                "simulated",
                d => RequirePath(d).Concat(AllowOnly(d.Options)),
                (d, c) => new SimulatedBuzzer(d.Name, c.Resolve(d.Path!), c.Time, c.LoggerFactory.CreateLogger<SimulatedBuzzer>())))
            .Add(new DriverFactory(
                DeviceKind.Sensors,
                "simulated",
                d => RequirePath(d).Concat(AllowOnly(d.Options, "inputs")).Concat(CheckSensorInputs(d.Options)),
                (d, c) => new SimulatedSensors(d.Name, c.Resolve(d.Path!), SensorInputs(d.Options), c.Time, c.LoggerFactory.CreateLogger<SimulatedSensors>())))
            .Add(new DriverFactory(
                DeviceKind.Nfc,
                "simulated",
                d => RequirePath(d).Concat(AllowOnly(d.Options, "salt", "uidSaltFile")).Concat(CheckSalt(d.Options)),
                (d, c) => new SimulatedCardReader(d.Name, c.Resolve(d.Path!), Hasher(d.Options, c), c.Time, c.LoggerFactory.CreateLogger<SimulatedCardReader>())));
    }

    private static IEnumerable<(string, string)> CheckSensorInputs(JsonElement options)
    {
        if (!options.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array || inputs.GetArrayLength() == 0)
        {
            yield return ("options.inputs", "required: an array like [{ \"name\": \"door\", \"kind\": \"door\" }] (kinds: tamper, door, presence)");
            yield break;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var input in inputs.EnumerateArray())
        {
            var at = $"options.inputs[{i++}]";
            var name = input.ValueKind == JsonValueKind.Object && input.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            var kind = input.ValueKind == JsonValueKind.Object && input.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            if (string.IsNullOrWhiteSpace(name) || name.Contains(' ', StringComparison.Ordinal) || name.Contains('=', StringComparison.Ordinal))
            {
                yield return ($"{at}.name", "required: a name without spaces or '='");
            }
            else if (!names.Add(name))
            {
                yield return ($"{at}.name", $"'{name}' is used twice");
            }

            if (!Enum.TryParse<SensorKind>(kind, ignoreCase: true, out _) || int.TryParse(kind, out _))
            {
                yield return ($"{at}.kind", $"'{kind}' is not a sensor kind; expected tamper, door or presence");
            }
        }
    }

    private static List<SimulatedSensorInput> SensorInputs(JsonElement options) =>
        options.GetProperty("inputs").EnumerateArray()
            .Select(i => new SimulatedSensorInput(i.GetProperty("name").GetString()!, Enum.Parse<SensorKind>(i.GetProperty("kind").GetString()!, ignoreCase: true)))
            .ToList();

    private static IEnumerable<(string, string)> CheckSalt(JsonElement options)
    {
        var salt = String(options, "salt");
        var file = String(options, "uidSaltFile");
        if ((salt is null) == (file is null))
        {
            yield return ("options", "give exactly one of salt (a demo salt, at least 16 characters) or uidSaltFile");
        }
        else if (salt is not null && System.Text.Encoding.UTF8.GetByteCount(salt) < 16)
        {
            yield return ("options.salt", "use at least 16 characters");
        }
    }

    private static CardUidHasher Hasher(JsonElement options, DeviceContext context) =>
        String(options, "salt") is { } salt ? new CardUidHasher(System.Text.Encoding.UTF8.GetBytes(salt)) : CardUidHasher.FromFile(context.Resolve(String(options, "uidSaltFile")!));

    /// <summary>The simulated printer's readable copy of each job: the ESC/POS decoder's text rendering for the profile's model.</summary>
    private static Func<ReadOnlyMemory<byte>, string> TextRendering(Profiles.DeviceConfig printer)
    {
        var capabilities = PrinterCapabilities.Get(String(printer.Options, "capabilities") ?? "default");
        return bytes => ReceiptPreview.Text(bytes.Span, capabilities);
    }

    private static SimulatedTerminalBehaviour Behaviour(Profiles.DeviceConfig d)
    {
        var defaults = new SimulatedTerminalBehaviour();
        var o = d.Options;
        return new SimulatedTerminalBehaviour
        {
            DeclineEndings = o.TryGetProperty("declineEndings", out _) ? Strings(o, "declineEndings") : defaults.DeclineEndings,
            TimeoutEndings = o.TryGetProperty("timeoutEndings", out _) ? Strings(o, "timeoutEndings") : defaults.TimeoutEndings,
            UnreachableEndings = o.TryGetProperty("unreachableEndings", out _) ? Strings(o, "unreachableEndings") : defaults.UnreachableEndings,
            Delay = Int(o, "delayMs") is { } ms ? TimeSpan.FromMilliseconds(ms) : defaults.Delay,
            Timeout = Int(o, "timeoutMs") is { } t ? TimeSpan.FromMilliseconds(t) : defaults.Timeout,
            CardBrand = String(o, "cardBrand") ?? defaults.CardBrand,
        };
    }

    /// <summary>The printer model must be one the encoder knows (its code tables decide how æøå print).</summary>
    public static IEnumerable<(string, string)> CheckCapabilities(System.Text.Json.JsonElement options)
    {
        var name = String(options, "capabilities");
        if (name is not null && !PrinterCapabilities.TryGet(name, out _))
        {
            yield return ("options.capabilities", $"unknown printer model '{name}'; known: {string.Join(", ", PrinterCapabilities.KnownNames)}");
        }
    }
}
