using System.Globalization;
using KioskRuntime.Linux;

namespace KioskRuntime.Scanners.Discovery;

/// <summary>Reading sysfs files and links. Unreadable or vanished entries read as absent: devices come and go while we look.</summary>
public sealed partial class SysfsScannerDiscovery
{
    /// <summary>Resolves a device path through symlinks (udev's <c>/dev/kiosk/scanner</c>) to the node itself.</summary>
    internal static string ResolveDevNode(string path) => RealPath.Resolve(path) ?? path;

    internal static bool TryParseHidId(string text, out uint bus, out ushort vendor, out ushort product)
    {
        // HID_ID=0003:00000C2E:00000B61 (bus:vendor:product, 32-bit hex each)
        bus = 0;
        vendor = 0;
        product = 0;
        string[] parts = text.Split(':');
        return parts.Length == 3 &&
               uint.TryParse(parts[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bus) &&
               uint.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint v) &&
               uint.TryParse(parts[2], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint p) &&
               (vendor = (ushort)v) == v && (product = (ushort)p) == p;
    }

    private IEnumerable<string> ListClass(string className, string prefix)
    {
        string dir = System.IO.Path.Combine(_sysfsRoot, "class", className);
        try
        {
            return Directory.Exists(dir)
                ? [.. Directory.EnumerateFileSystemEntries(dir, prefix + "*").Order(StringComparer.Ordinal)]
                : [];
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>The /dev path of a class node, from DEVNAME in its uevent (e.g. <c>input/event3</c>) or its name.</summary>
    private string DevPath(string classNode)
    {
        Dictionary<string, string> uevent = ReadUevent(System.IO.Path.Combine(classNode, "uevent"));
        string devName = uevent.GetValueOrDefault("DEVNAME") ??
                         (classNode.Contains("/input/", StringComparison.Ordinal) ? "input/" : "") + System.IO.Path.GetFileName(classNode);
        return System.IO.Path.Combine(_devRoot, devName);
    }

    /// <summary>The physical directory a sysfs path leads to (realpath(3)), or null when it is gone.</summary>
    private static string? Resolve(string link) => RealPath.Resolve(link);

    private static string? Parent(string dir) => System.IO.Path.GetDirectoryName(dir);

    private static Dictionary<string, string> ReadUevent(string file)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in ReadLines(file))
        {
            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                result[line[..eq]] = line[(eq + 1)..];
            }
        }

        return result;
    }

    private static string? ReadAttr(string? dir, string name)
    {
        if (dir is null)
        {
            return null;
        }

        string? first = ReadLines(System.IO.Path.Combine(dir, name)).FirstOrDefault();
        return NullIfEmpty(first?.Trim());
    }

    private static int? ReadHexAttr(string? dir, string name) =>
        ReadAttr(dir, name) is string s && int.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int v) ? v : null;

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static string[] ReadLines(string file)
    {
        try
        {
            return File.Exists(file) ? File.ReadAllLines(file) : [];
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
