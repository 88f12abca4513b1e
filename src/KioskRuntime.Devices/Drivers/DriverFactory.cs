namespace KioskRuntime.Devices.Drivers;

/// <summary>
/// One driver: how to check a device's options and how to build it. Most drivers use <see cref="For{TOptions}"/>, which binds the
/// options with <see cref="DriverOptionsBinder"/> so checking and building read them the same way.
/// </summary>
public sealed record DriverFactory(
    DeviceKind Kind,
    string Driver,
    Func<DeviceConfig, IEnumerable<(string Path, string Message)>> Validate,
    Func<DeviceConfig, DeviceContext, IDevice> Create)
{
    /// <summary>The options record this driver binds (null for drivers that take none); the profile schema test reads its properties.</summary>
    public Type? OptionsType { get; init; }

    /// <summary>
    /// A driver whose options bind onto <typeparamref name="TOptions"/>. <paramref name="pathProperty"/> names the options property the
    /// device's <c>path</c> fills when the options do not set it (problems with it are reported at <c>path</c>); <paramref name="checkDevice"/>
    /// checks what depends on more than the options (the device's <c>path</c>); it gets the options when they bound, else null.
    /// </summary>
    public static DriverFactory For<TOptions>(
        DeviceKind kind,
        string driver,
        Func<DeviceConfig, TOptions, DeviceContext, IDevice> create,
        string? pathProperty = null,
        Func<DeviceConfig, TOptions?, IEnumerable<(string Path, string Message)>>? checkDevice = null)
        where TOptions : class, IDriverOptions
    {
        ArgumentNullException.ThrowIfNull(create);
        return new DriverFactory(
            kind,
            driver,
            d =>
            {
                var (options, problems) = DriverOptionsBinder.Bind<TOptions>(d, pathProperty);
                return checkDevice is null ? problems : [.. problems, .. checkDevice(d, options)];
            },
            (d, c) => create(d, DriverOptionsBinder.Bind<TOptions>(d, pathProperty).Options
                ?? throw new InvalidOperationException($"{d.Kind} '{d.Name}': options were not validated"), c))
        {
            OptionsType = typeof(TOptions),
        };
    }
}
