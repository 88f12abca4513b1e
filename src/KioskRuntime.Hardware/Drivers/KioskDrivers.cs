namespace KioskRuntime.Hardware.Drivers;

/// <summary>Every driver this build ships, for kioskd and for <c>kioskctl profile validate</c> (so both agree on what is valid).</summary>
public static class KioskDrivers
{
    public static DriverRegistry CreateDefault() => new DriverRegistry()
        .AddSimulatedDrivers()
        .AddScannerDrivers()
        .AddPrinterDrivers()
        .AddPeripheralDrivers();
}
