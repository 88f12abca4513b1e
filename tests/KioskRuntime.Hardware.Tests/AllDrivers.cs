using KioskRuntime.Devices.Drivers;
using KioskRuntime.Payments;
using KioskRuntime.Peripherals.Drivers;
using KioskRuntime.Printing.Drivers;
using KioskRuntime.Scanners;
using KioskRuntime.Simulation;

namespace KioskRuntime.Hardware.Tests;

/// <summary>The drivers kioskd registers (KioskComposition.CreateDrivers), built the same way.</summary>
internal static class AllDrivers
{
    public static DriverRegistry Create() => new DriverRegistry()
        .AddSimulatedDrivers()
        .AddScannerDrivers()
        .AddPrinterDrivers()
        .AddPaymentDrivers()
        .AddPeripheralDrivers();
}
