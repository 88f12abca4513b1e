using System.Globalization;
using KioskRuntime.Scanners.Hid;

namespace KioskRuntime.Scanners.Discovery;

/// <summary>
/// Finds scanners without libudev by reading sysfs: <c>/sys/class/hidraw/*</c> and <c>/sys/class/input/event*</c>, their HID parent's
/// <c>uevent</c> (HID_ID, HID_NAME, HID_PHYS, HID_UNIQ) and <c>report_descriptor</c>, and the USB interface and device above it
/// (bInterfaceNumber, bInterfaceProtocol, idVendor, idProduct, serial). Roots are configurable so tests can build a fake tree.
/// Every call reads sysfs afresh; no state is kept. Thread-safe.
/// </summary>
public sealed partial class SysfsScannerDiscovery
{
    private readonly string _sysfsRoot;
    private readonly string _devRoot;

    public SysfsScannerDiscovery(string sysfsRoot = "/sys", string devRoot = "/dev")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sysfsRoot);
        ArgumentException.ThrowIfNullOrWhiteSpace(devRoot);
        _sysfsRoot = sysfsRoot;
        _devRoot = devRoot;
    }

    /// <summary>Every HID interface that has a hidraw node or an evdev node, HID POS interfaces first.</summary>
    public IReadOnlyList<DiscoveredScanner> Enumerate()
    {
        var byParent = new Dictionary<string, (string? Hidraw, string? Event)>(StringComparer.Ordinal);
        foreach (string node in ListClass("hidraw", "hidraw"))
        {
            if (Resolve(System.IO.Path.Combine(node, "device")) is string parent)
            {
                var entry = byParent.GetValueOrDefault(parent);
                byParent[parent] = (entry.Hidraw ?? DevPath(node), entry.Event);
            }
        }

        foreach (string node in ListClass("input", "event"))
        {
            // eventN/device is the inputM device, which sits in the HID device's input/ directory.
            if (Resolve(System.IO.Path.Combine(node, "device")) is string input && HidAncestor(input) is string parent)
            {
                var entry = byParent.GetValueOrDefault(parent);
                byParent[parent] = (entry.Hidraw, entry.Event ?? DevPath(node));
            }
        }

        var found = new List<DiscoveredScanner>();
        foreach (var (parent, nodes) in byParent)
        {
            if (Describe(parent, nodes.Hidraw, nodes.Event) is DiscoveredScanner d)
            {
                found.Add(d);
            }
        }

        return [.. found.OrderBy(d => d.Kind).ThenBy(d => d.HidrawPath ?? d.EventPath, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The interface a driver should open for <paramref name="options"/>: matching VID:PID (and serial/interface when given), with a
    /// node of the kind <paramref name="driver"/> reads: <c>hidraw</c> takes the HID POS interface (any interface only when
    /// <see cref="ScannerNodeOptions.InterfaceNumber"/> names it), <c>evdev</c> the keyboard interface. Without a driver, the best
    /// interface of the device: HID POS when it offers both (see <see cref="DiscoveredScanner.SuggestedDriver"/>).
    /// </summary>
    public DiscoveredScanner? Match(ScannerNodeOptions options, string? driver = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.UsbIds is not var (vendor, product))
        {
            return null;
        }

        return Enumerate()
            .Where(d => d.VendorId == vendor && d.ProductId == product)
            .Where(d => options.Serial is null || string.Equals(d.Serial, options.Serial, StringComparison.Ordinal))
            .Where(d => options.InterfaceNumber is null || d.InterfaceNumber == options.InterfaceNumber)
            .Where(d => driver switch
            {
                "evdev" => d.EventPath is not null && d.Kind == ScannerInterfaceKind.Keyboard,
                "hidraw" => d.HidrawPath is not null && (d.Kind == ScannerInterfaceKind.HidPos || options.InterfaceNumber is not null),
                _ => d.SuggestedDriver is not null,
            })
            .OrderBy(d => d.Kind)
            .ThenBy(d => d.InterfaceNumber ?? int.MaxValue)
            .FirstOrDefault();
    }

    /// <summary>The report descriptor sysfs holds for a hidraw node (<c>/sys/class/hidraw/NAME/device/report_descriptor</c>).</summary>
    public byte[]? ReadReportDescriptor(string hidrawDevicePath)
    {
        ArgumentNullException.ThrowIfNull(hidrawDevicePath);
        string name = System.IO.Path.GetFileName(ResolveDevNode(hidrawDevicePath));
        string file = System.IO.Path.Combine(_sysfsRoot, "class", "hidraw", name, "device", "report_descriptor");
        try
        {
            return File.Exists(file) ? File.ReadAllBytes(file) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The nearest directory above an input device that holds a report_descriptor (the HID device), within three levels.</summary>
    private static string? HidAncestor(string dir)
    {
        string? current = Parent(dir);
        for (int i = 0; i < 3 && current is not null; i++, current = Parent(current))
        {
            if (File.Exists(System.IO.Path.Combine(current, "report_descriptor")))
            {
                return current;
            }
        }

        return null;
    }

    private DiscoveredScanner? Describe(string hidDevice, string? hidraw, string? evdev)
    {
        Dictionary<string, string> uevent = ReadUevent(System.IO.Path.Combine(hidDevice, "uevent"));
        if (!uevent.TryGetValue("HID_ID", out string? hidId) || !TryParseHidId(hidId, out uint bus, out ushort vid, out ushort pid))
        {
            return null;
        }

        string? usbInterface = Parent(hidDevice);
        string? usbDevice = usbInterface is null ? null : Parent(usbInterface);
        int? ifNumber = ReadHexAttr(usbInterface, "bInterfaceNumber");
        int? ifProtocol = ReadHexAttr(usbInterface, "bInterfaceProtocol");
        string? phys = uevent.GetValueOrDefault("HID_PHYS");
        if (ifNumber is null && phys is not null)
        {
            // HID_PHYS=usb-0000:01:00.0-1.2/input1: the suffix is the USB interface.
            int i = phys.LastIndexOf("/input", StringComparison.Ordinal);
            if (i >= 0 && int.TryParse(phys.AsSpan(i + 6), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            {
                ifNumber = n;
            }
        }

        string? serial = ReadAttr(usbDevice, "serial") ?? NullIfEmpty(uevent.GetValueOrDefault("HID_UNIQ"));
        ScannerInterfaceKind kind = Classify(System.IO.Path.Combine(hidDevice, "report_descriptor"), ifProtocol);
        return new DiscoveredScanner(
            hidDevice, kind, hidraw, evdev, bus, vid, pid, uevent.GetValueOrDefault("HID_NAME"), serial, ifNumber, ifProtocol,
            ReadAttr(usbDevice, "manufacturer"), ReadAttr(usbDevice, "product"), phys);
    }

    private static ScannerInterfaceKind Classify(string descriptorFile, int? interfaceProtocol)
    {
        try
        {
            if (File.Exists(descriptorFile) &&
                HidDescriptorParser.TryParse(File.ReadAllBytes(descriptorFile), out HidReportDescriptor? d, out _))
            {
                if (HidPosLayout.IsHidPosScanner(d!))
                {
                    return ScannerInterfaceKind.HidPos;
                }

                if (d!.Collections.Any(c => c.Type == 1 && c.Usage == new HidUsage(0x01, 0x06)))
                {
                    return ScannerInterfaceKind.Keyboard;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return interfaceProtocol == 1 ? ScannerInterfaceKind.Keyboard : ScannerInterfaceKind.Other;
    }
}
