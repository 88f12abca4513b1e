using System.Text.Json;

namespace KioskRuntime.Devices.Drivers;

/// <summary>
/// One device in a profile. <see cref="Options"/> is the driver's own options object, bound and validated by the driver's factory
/// through <see cref="DriverOptionsBinder"/>. <see cref="Line"/> is where the device stands in the profile (1-based; 0 when unknown).
/// </summary>
public sealed record DeviceConfig(string Name, DeviceKind Kind, string Driver, string? Path, JsonElement Options, int Line);
