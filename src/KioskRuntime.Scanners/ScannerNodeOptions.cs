using System.Globalization;
using KioskRuntime.Devices.Drivers;

namespace KioskRuntime.Scanners;

/// <summary>
/// How a scanner driver finds its device node: a fixed <see cref="Path"/> (e.g. a udev symlink <c>/dev/kiosk/scanner</c>), or a
/// USB match (<see cref="VendorId"/>:<see cref="ProductId"/>, optionally <see cref="Serial"/> and <see cref="InterfaceNumber"/>)
/// resolved through sysfs on every (re)open. Profiles map onto these records through <see cref="DriverOptionsBinder"/> (camelCase), the
/// device's <c>path</c> filling <see cref="Path"/>. Immutable.
/// </summary>
public abstract record ScannerNodeOptions : IDriverOptions
{
    /// <summary>The device node. When set, the USB match is not used to find it.</summary>
    public string? Path { get; init; }

    /// <summary>USB vendor id, 4 hex digits as in lsusb/udev (<c>0c2e</c>).</summary>
    public string? VendorId { get; init; }

    /// <summary>USB product id, 4 hex digits.</summary>
    public string? ProductId { get; init; }

    /// <summary>USB serial number, to tell identical scanners apart.</summary>
    public string? Serial { get; init; }

    /// <summary>USB interface number (bInterfaceNumber), when one scanner offers several.</summary>
    public int? InterfaceNumber { get; init; }

    /// <summary>How often a missing device is looked for again (ms). At most 500, so a replugged scanner is back within 2 s.</summary>
    public int ReconnectIntervalMs { get; init; } = 250;

    /// <summary>Lists every problem with these options (empty when valid); each names the property.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        ValidateInto(problems);
        return problems;
    }

    /// <summary>The same problems as profile paths: <c>path</c> for the node, <c>options.vendorId</c> for the rest.</summary>
    IEnumerable<(string Path, string Message)> IDriverOptions.Validate()
    {
        foreach (var p in Validate())
        {
            var colon = p.IndexOf(':', StringComparison.Ordinal);
            var property = colon > 0 ? p[..colon].Trim() : "";
            var message = colon > 0 ? p[(colon + 1)..].Trim() : p;
            yield return property.Length == 0 ? ("options", message)
                : property == "path" ? ("path", message)
                : ($"options.{char.ToLowerInvariant(property[0])}{property[1..]}", message);
        }
    }

    /// <summary>Throws one <see cref="ArgumentException"/> listing every problem; used by each driver's constructor.</summary>
    internal void ThrowIfInvalid(string scannerName, string driver)
    {
        IReadOnlyList<string> problems = Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid {driver} options for scanner '{scannerName}': {string.Join("; ", problems)}", "options");
        }
    }

    /// <summary>The parsed USB ids, when given and valid.</summary>
    internal (ushort Vendor, ushort Product)? UsbIds =>
        TryParseHexId(VendorId, out ushort v) && TryParseHexId(ProductId, out ushort p) ? (v, p) : null;

    protected virtual void ValidateInto(List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        bool hasPath = !string.IsNullOrWhiteSpace(Path);
        bool hasIds = VendorId is not null || ProductId is not null;
        if (!hasPath && !hasIds)
        {
            problems.Add("path: give a device path or vendorId and productId");
        }

        if (hasPath && !Path!.StartsWith('/'))
        {
            problems.Add($"path: '{Path}' is not absolute");
        }

        if (hasIds)
        {
            if (!TryParseHexId(VendorId, out _))
            {
                problems.Add($"vendorId: '{VendorId}' is not 4 hex digits");
            }

            if (!TryParseHexId(ProductId, out _))
            {
                problems.Add($"productId: '{ProductId}' is not 4 hex digits");
            }
        }

        if (InterfaceNumber is < 0 or > 255)
        {
            problems.Add($"interfaceNumber: {InterfaceNumber} is outside 0..255");
        }

        if (ReconnectIntervalMs is < 10 or > 500)
        {
            problems.Add($"reconnectIntervalMs: {ReconnectIntervalMs} is outside 10..500");
        }
    }

    internal static bool TryParseHexId(string? text, out ushort id)
    {
        id = 0;
        return text is { Length: 4 } && ushort.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out id);
    }
}
