using System.Text;
using KioskRuntime.Linux;

namespace KioskRuntime.Scanners.Interop;

/// <summary>The ioctls the scanner drivers use. Each returns false with the errno when the node does not support it (ENOTTY on FIFOs, ptys).</summary>
internal sealed unsafe partial class DeviceFile
{
    private const int HidMaxDescriptorSize = 4096;

    // include/uapi/linux/hidraw.h (the generic _IOC encoding of x86-64 and arm64: 0x80044801, 0x90044802, 0x80084803)
    private static readonly nuint HIDIOCGRDESCSIZE = IoctlRequest.IOR('H', 0x01, sizeof(int));
    private static readonly nuint HIDIOCGRDESC = IoctlRequest.IOR('H', 0x02, 4 + HidMaxDescriptorSize); // struct hidraw_report_descriptor
    private static readonly nuint HIDIOCGRAWINFO = IoctlRequest.IOR('H', 0x03, 8); // struct hidraw_devinfo

    // include/uapi/linux/input.h (0x40044590)
    private static readonly nuint EVIOCGRAB = IoctlRequest.IOW('E', 0x90, sizeof(int));

    private static nuint EVIOCGNAME(int len) => IoctlRequest.IOR('E', 0x06, len);

    /// <summary>HIDIOCGRDESCSIZE + HIDIOCGRDESC: the report descriptor.</summary>
    public bool TryGetReportDescriptor(out byte[] descriptor, out int errno)
    {
        descriptor = [];
        int size = 0;
        if (!TryIoctl(HIDIOCGRDESCSIZE, &size, out errno))
        {
            return false;
        }

        // struct hidraw_report_descriptor { __u32 size; __u8 value[HID_MAX_DESCRIPTOR_SIZE]; }
        byte* buf = stackalloc byte[4 + HidMaxDescriptorSize];
        *(uint*)buf = (uint)Math.Clamp(size, 0, HidMaxDescriptorSize);
        if (!TryIoctl(HIDIOCGRDESC, buf, out errno))
        {
            return false;
        }

        descriptor = new ReadOnlySpan<byte>(buf + 4, (int)*(uint*)buf).ToArray();
        return true;
    }

    /// <summary>HIDIOCGRAWINFO: bus type, vendor and product id.</summary>
    public bool TryGetRawInfo(out uint bus, out ushort vendor, out ushort product, out int errno)
    {
        // struct hidraw_devinfo { __u32 bustype; __s16 vendor; __s16 product; }
        byte* buf = stackalloc byte[8];
        bus = 0;
        vendor = 0;
        product = 0;
        if (!TryIoctl(HIDIOCGRAWINFO, buf, out errno))
        {
            return false;
        }

        bus = *(uint*)buf;
        vendor = *(ushort*)(buf + 4);
        product = *(ushort*)(buf + 6);
        return true;
    }

    /// <summary>EVIOCGRAB: take (or release) exclusive access, so key events stop reaching the console.</summary>
    public bool TryGrab(bool grab, out int errno) => TryIoctl(EVIOCGRAB, (void*)(nint)(grab ? 1 : 0), out errno);

    /// <summary>EVIOCGNAME: the device name the kernel reports.</summary>
    public bool TryGetEvdevName(out string name, out int errno)
    {
        const int len = 256;
        byte* buf = stackalloc byte[len];
        new Span<byte>(buf, len).Clear();
        name = "";
        if (!TryIoctl(EVIOCGNAME(len), buf, out errno))
        {
            return false;
        }

        var span = new ReadOnlySpan<byte>(buf, len);
        int end = span.IndexOf((byte)0);
        name = Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
        return true;
    }

    private bool TryIoctl(nuint request, void* arg, out int errno) => _fd.TryIoctl(request, arg, out errno);
}
