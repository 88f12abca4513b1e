namespace KioskRuntime.Devices.Drivers;

/// <summary>Knows which drivers exist and checks their options. Implemented by <see cref="DriverRegistry"/>.</summary>
public interface IDriverCatalog
{
    /// <summary>The driver names known for a kind, for error messages.</summary>
    IReadOnlyList<string> DriversFor(DeviceKind kind);

    /// <summary>Checks a device's options. Each problem is (path relative to the device object, message).</summary>
    IEnumerable<(string Path, string Message)> Validate(DeviceConfig device);
}
