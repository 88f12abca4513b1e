namespace KioskRuntime.Scanners.Tests.Support;

/// <summary>
/// A sysfs tree shaped like the kernel's for one USB scanner with two HID interfaces: interface 0 a boot keyboard (hidraw0 +
/// input3/event3), interface 1 HID POS (hidraw1). Relative links as the kernel makes them; FIFOs in the dev directory as nodes.
/// </summary>
internal sealed class FakeSysfs
{
    public const string UsbDevice = "devices/pci0000:00/0000:00:14.0/usb1/1-1";

    public FakeSysfs(string root)
    {
        Root = root;
        Sys = Path.Combine(root, "sys");
        Dev = Path.Combine(root, "dev");
        Directory.CreateDirectory(Path.Combine(Dev, "input"));
        Directory.CreateDirectory(Path.Combine(Sys, "class", "hidraw"));
        Directory.CreateDirectory(Path.Combine(Sys, "class", "input"));
        Write($"{UsbDevice}/idVendor", "0c2e");
        Write($"{UsbDevice}/idProduct", "0b61");
        Write($"{UsbDevice}/serial", "21012B4C31");
        Write($"{UsbDevice}/manufacturer", "Honeywell Imaging & Mobility");
        Write($"{UsbDevice}/product", "1900GSR-2");
    }

    public string Root { get; }

    public string Sys { get; }

    public string Dev { get; }

    public static string HidDir(int iface) => $"{UsbDevice}/1-1:1.{iface}/0003:0C2E:0B61.000{iface + 1}";

    /// <summary>Adds the USB interface and its HID device with a descriptor.</summary>
    public void AddHidInterface(int iface, int protocol, byte[] descriptor)
    {
        Write($"{UsbDevice}/1-1:1.{iface}/bInterfaceNumber", $"{iface:x2}");
        Write($"{UsbDevice}/1-1:1.{iface}/bInterfaceProtocol", $"{protocol:x2}");
        Write($"{HidDir(iface)}/uevent",
            $"DRIVER=hid-generic\nHID_ID=0003:00000C2E:00000B61\nHID_NAME=Honeywell Imaging & Mobility 1900\nHID_PHYS=usb-0000:00:14.0-1/input{iface}\nHID_UNIQ=21012B4C31\nMODALIAS=hid:b0003g0001v00000C2Ep00000B61\n");
        File.WriteAllBytes(Path.Combine(Sys, HidDir(iface), "report_descriptor"), descriptor);
    }

    /// <summary>Adds /sys/class/hidraw/hidrawN under the HID device and /dev/hidrawN.</summary>
    public void AddHidraw(int iface, int n)
    {
        string dir = $"{HidDir(iface)}/hidraw/hidraw{n}";
        Write($"{dir}/uevent", $"MAJOR=241\nMINOR={n}\nDEVNAME=hidraw{n}\n");
        Directory.CreateSymbolicLink(Path.Combine(Sys, dir, "device"), $"../../../0003:0C2E:0B61.000{iface + 1}");
        Directory.CreateSymbolicLink(Path.Combine(Sys, "class", "hidraw", $"hidraw{n}"), $"../../{dir}");
        DeviceNodes.MakeFifo(Path.Combine(Dev, $"hidraw{n}"));
    }

    public void RemoveHidraw(int iface, int n)
    {
        File.Delete(Path.Combine(Dev, $"hidraw{n}"));
        File.Delete(Path.Combine(Sys, "class", "hidraw", $"hidraw{n}"));
        Directory.Delete(Path.Combine(Sys, $"{HidDir(iface)}/hidraw"), recursive: true);
    }

    /// <summary>Adds inputM/eventN under the HID device, /sys/class/input/eventN and /dev/input/eventN.</summary>
    public void AddEvent(int iface, int input, int n)
    {
        string inputDir = $"{HidDir(iface)}/input/input{input}";
        Write($"{inputDir}/uevent", "PRODUCT=3/c2e/b61/111\nNAME=\"Honeywell Imaging & Mobility 1900\"\n");
        string dir = $"{inputDir}/event{n}";
        Write($"{dir}/uevent", $"MAJOR=13\nMINOR={64 + n}\nDEVNAME=input/event{n}\n");
        Directory.CreateSymbolicLink(Path.Combine(Sys, dir, "device"), $"../../input{input}");
        Directory.CreateSymbolicLink(Path.Combine(Sys, "class", "input", $"event{n}"), $"../../{dir}");
        DeviceNodes.MakeFifo(Path.Combine(Dev, "input", $"event{n}"));
    }

    /// <summary>The usual scanner: keyboard on interface 0 (hidraw0, event3), HID POS on interface 1 (hidraw1).</summary>
    public static FakeSysfs WithHoneywellScanner(string root)
    {
        var fake = new FakeSysfs(root);
        fake.AddHidInterface(0, 1, HidPosFixtures.KeyboardDescriptor);
        fake.AddHidraw(0, 0);
        fake.AddEvent(0, 3, 3);
        fake.AddHidInterface(1, 0, HidPosFixtures.ScannerDescriptor);
        fake.AddHidraw(1, 1);
        return fake;
    }

    private void Write(string relative, string content)
    {
        string path = Path.Combine(Sys, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
