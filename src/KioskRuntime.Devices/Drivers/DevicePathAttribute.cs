namespace KioskRuntime.Devices.Drivers;

/// <summary>
/// Marks the options property that <see cref="DriverOptionsBinder"/> fills from the device's <c>path</c> (the PN532's serial port).
/// It is not an option: a profile that names it in <c>options</c> is refused, and problems with it are reported at <c>path</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
public sealed class DevicePathAttribute : Attribute;
