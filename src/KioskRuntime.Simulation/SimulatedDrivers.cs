using KioskRuntime.Devices;
using KioskRuntime.Devices.Drivers;
using KioskRuntime.Payments;
using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos.Rendering;
using KioskRuntime.Simulation.FileDevices;
using KioskRuntime.Simulation.Nexo;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Simulation;

/// <summary>
/// Registers the <c>simulated</c> driver of every device kind (files and FIFOs under the data directory) and the simulated payment
/// terminal (<c>nexo-simulated</c>, and <c>simulated</c> with its older option names): the real nexo driver against the in-process
/// <see cref="NexoTerminalSimulator"/>.
/// </summary>
public static class SimulatedDrivers
{
    public const string DriverName = "simulated";

    public static DriverRegistry AddSimulatedDrivers(this DriverRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Add(Simulated<NoOptions>(DeviceKind.Scanner, (d, _, c) =>
                new SimulatedScanner(d.Name, d.Path == "-" ? "-" : c.Resolve(d.Path!), c.ScanSink, c.Time, c.LoggerFactory.CreateLogger<SimulatedScanner>())))
            .Add(Simulated<SimulatedPrinterOptions>(DeviceKind.Printer, (d, o, c) =>
            {
                var model = o.Model;
                return new SimulatedPrinter(d.Name, c.Resolve(d.Path!), bytes => ReceiptPreview.Text(bytes.Span, model), c.Time, c.LoggerFactory.CreateLogger<SimulatedPrinter>());
            }))
            .Add(Simulated<SimulatedDisplayOptions>(DeviceKind.Display, (d, o, c) =>
                new SimulatedDisplay(d.Name, c.Resolve(d.Path!), o.Columns, c.Time, c.LoggerFactory.CreateLogger<SimulatedDisplay>())))
            .Add(Simulated<NoOptions>(DeviceKind.Light, (d, _, c) =>
                new SimulatedLight(d.Name, c.Resolve(d.Path!), c.Time, c.LoggerFactory.CreateLogger<SimulatedLight>())))
            .Add(Simulated<SimulatedDoorLockOptions>(DeviceKind.DoorLock, (d, o, c) => new SimulatedDoorLock(
                d.Name,
                c.Resolve(d.Path!),
                TimeSpan.FromMilliseconds(o.HoldOpenMs),
                TimeSpan.FromMilliseconds(o.MaxHoldOpenMs),
                c.Time,
                c.LoggerFactory.CreateLogger<SimulatedDoorLock>())))
            .Add(Simulated<NoOptions>(DeviceKind.Buzzer, (d, _, c) =>
                new SimulatedBuzzer(d.Name, c.Resolve(d.Path!), c.Time, c.LoggerFactory.CreateLogger<SimulatedBuzzer>())))
            .Add(Simulated<SimulatedSensorsOptions>(DeviceKind.Sensors, (d, o, c) =>
                new SimulatedSensors(d.Name, c.Resolve(d.Path!), o.ToInputs(), c.Time, c.LoggerFactory.CreateLogger<SimulatedSensors>())))
            .Add(Simulated<SimulatedCardReaderOptions>(DeviceKind.Nfc, (d, o, c) =>
                new SimulatedCardReader(d.Name, c.Resolve(d.Path!), o.Hasher(c), c.Time, c.LoggerFactory.CreateLogger<SimulatedCardReader>())))
            .Add(DriverFactory.For<NexoSimulatedDriverOptions>(DeviceKind.PaymentTerminal, SimulatedNexoTerminal.DriverName, (d, o, c) =>
                Terminal(d, SimulatedNexoTerminal.DriverName, o.ToTerminalOptions(d.Path is null ? null : c.Resolve(d.Path)), c)))
            .Add(DriverFactory.For<SimulatedTerminalDriverOptions>(DeviceKind.PaymentTerminal, SimulatedNexoTerminal.LegacyDriverName, (d, o, c) =>
            {
                var folder = c.Resolve(d.Path ?? "terminal");
                Directory.CreateDirectory(folder);
                return Terminal(d, SimulatedNexoTerminal.LegacyDriverName, o.ToTerminalOptions(folder, "kiosk"), c);
            }));
    }

    private static SimulatedNexoTerminal Terminal(DeviceConfig d, string driver, SimulatedNexoTerminalOptions options, DeviceContext c) => new(
        d.Name,
        driver,
        options with { StepReached = c.FaultSteps }, // test seam; null in the shipped kioskd
        c.Time,
        c.LoggerFactory.CreateLogger<SimulatedNexoTerminal>());

    /// <summary>A file-backed simulated device: the device's <c>path</c> (relative to the data directory) is required.</summary>
    private static DriverFactory Simulated<TOptions>(DeviceKind kind, Func<DeviceConfig, TOptions, DeviceContext, IDevice> create)
        where TOptions : class, IDriverOptions =>
        DriverFactory.For(kind, DriverName, create, checkDevice: (d, _) => string.IsNullOrWhiteSpace(d.Path) ? [("path", "required for this driver")] : []);
}
