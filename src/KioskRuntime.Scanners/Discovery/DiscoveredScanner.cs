namespace KioskRuntime.Scanners.Discovery;

/// <summary>What a HID interface offers, judged from its report descriptor (and bInterfaceProtocol).</summary>
public enum ScannerInterfaceKind
{
    /// <summary>A HID POS Bar Code Scanner collection (usage page 0x8C): read it with the <c>hidraw</c> driver.</summary>
    HidPos,

    /// <summary>A keyboard (Generic Desktop 0x01:0x06 or boot protocol 1): read it with the <c>evdev</c> driver.</summary>
    Keyboard,

    Other,
}

/// <summary>
/// One HID interface found in sysfs, with its hidraw and evdev nodes paired through their common HID parent. Immutable.
/// </summary>
public sealed record DiscoveredScanner(
    string SysfsPath,
    ScannerInterfaceKind Kind,
    string? HidrawPath,
    string? EventPath,
    uint Bus,
    ushort VendorId,
    ushort ProductId,
    string? Name,
    string? Serial,
    int? InterfaceNumber,
    int? InterfaceProtocol,
    string? Manufacturer,
    string? Product,
    string? Phys)
{
    /// <summary><c>0c2e:0b61</c>, as lsusb writes it.</summary>
    public string UsbId => $"{VendorId:x4}:{ProductId:x4}";

    /// <summary>The driver name a profile would use for this interface.</summary>
    public string? SuggestedDriver => Kind switch
    {
        ScannerInterfaceKind.HidPos => "hidraw",
        ScannerInterfaceKind.Keyboard => EventPath is null ? null : "evdev",
        _ => null,
    };
}
