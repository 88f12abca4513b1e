using KioskRuntime.Devices;
using KioskRuntime.Hardware.Simulated;
using KioskRuntime.Printing;
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
                DeviceKind.Gpio,
                "simulated",
                d => RequirePath(d).Concat(AllowOnly(d.Options)),
                (d, c) => new SimulatedLight(d.Name, c.Resolve(d.Path!), c.Time, c.LoggerFactory.CreateLogger<SimulatedLight>())));
    }

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
