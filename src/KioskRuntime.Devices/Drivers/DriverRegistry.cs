namespace KioskRuntime.Devices.Drivers;

/// <summary>
/// The drivers this build knows, keyed by kind and name. Each driver project adds its own (<c>AddScannerDrivers</c>,
/// <c>AddPrinterDrivers</c>, …); the composition root calls them; the profile loader asks it what is valid. Filled once at start-up,
/// then only read: not thread-safe while being filled.
/// </summary>
public sealed class DriverRegistry : IDriverCatalog
{
    private readonly Dictionary<(DeviceKind, string), DriverFactory> _factories = [];

    /// <summary>Adds a driver; a second driver of the same kind and name is a programming error.</summary>
    public DriverRegistry Add(DriverFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (!_factories.TryAdd((factory.Kind, factory.Driver), factory))
        {
            throw new InvalidOperationException($"A {factory.Kind} driver named '{factory.Driver}' is registered twice.");
        }

        return this;
    }

    /// <summary>Every registered driver, ordered by kind and name (for the profile schema test and <c>kioskctl</c>).</summary>
    public IReadOnlyList<DriverFactory> Factories =>
        _factories.Values.OrderBy(f => f.Kind).ThenBy(f => f.Driver, StringComparer.Ordinal).ToList();

    public IReadOnlyList<string> DriversFor(DeviceKind kind) =>
        _factories.Keys.Where(k => k.Item1 == kind).Select(k => k.Item2).Order(StringComparer.Ordinal).ToList();

    public IEnumerable<(string Path, string Message)> Validate(DeviceConfig device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return _factories.TryGetValue((device.Kind, device.Driver), out var f) ? f.Validate(device) : [("driver", $"unknown driver '{device.Driver}'")];
    }

    public IDevice Create(DeviceConfig device, DeviceContext context)
    {
        ArgumentNullException.ThrowIfNull(device);
        return _factories.TryGetValue((device.Kind, device.Driver), out var f)
            ? f.Create(device, context)
            : throw new InvalidOperationException($"No {device.Kind} driver named '{device.Driver}'.");
    }
}
