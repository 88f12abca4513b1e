using System.Text.Json;
using KioskRuntime.Printing.Transports;

namespace KioskRuntime.Cli.Probing;

/// <summary>
/// The usblp printer's probe: the node is there, and the printer's IEEE-1284 id names the model the profile's <c>capabilities</c> say.
/// The id comes from sysfs first (usblp publishes the id it cached at plug-in as <c>ieee1284_id</c> on the USB interface,
/// <c>/sys/class/usbmisc/lpN/device/ieee1284_id</c>), else from LPIOC_GET_DEVICE_ID on the node. When neither answers, the model is
/// <c>not-checked</c>, never "ok".
/// </summary>
internal sealed partial class DeviceProbe
{
    private ProbeResult UsbPrinter(string node, string capabilities, Func<string, string, string?, ProbeResult> r)
    {
        if (!File.Exists(node))
        {
            return r("missing", $"{node} does not exist", "plug the printer in and switch it on, or check the udev rule that names it (systemd/99-kiosk-runtime.rules)");
        }

        var real = File.ResolveLinkTarget(node, returnFinalTarget: true)?.FullName ?? node;
        var sysfsId = Path.Combine(sysfsRoot, "class", "usbmisc", Path.GetFileName(real), "device", "ieee1284_id");
        Ieee1284DeviceId? id;
        string source;
        if (File.Exists(sysfsId))
        {
            id = Ieee1284DeviceId.Parse(File.ReadAllText(sysfsId).Trim());
            source = sysfsId;
        }
        else if (!DeviceFileLink.TryReadDeviceId(node, out id, out var error))
        {
            return r("not-checked", $"{node} present; IEEE-1284 id not readable ({sysfsId} absent; {error}): model not checked against {capabilities}", "check the node is the usblp printer (/dev/usb/lpN) and kioskctl may open it");
        }
        else
        {
            source = "LPIOC_GET_DEVICE_ID";
        }

        var model = $"{id!.Manufacturer} {id.Model}".Trim();
        var suggested = id.SuggestProfile();
        if (suggested is null || suggested == "default")
        {
            return r("not-checked", $"{node}: printer answers as '{model}' ({source}), a model no built-in capability profile names: cannot confirm {capabilities}", null);
        }

        // star-tsp143-asb is star-tsp143 with automatic status back: the same printer.
        if (capabilities.StartsWith(suggested, StringComparison.OrdinalIgnoreCase))
        {
            return r("ok", $"{node}: printer answers as {model} ({source}), fits capabilities {capabilities}", null);
        }

        var fitting = ProfilesWithPrinter(suggested);
        var use = fitting.Count > 0
            ? "use " + string.Join(" or ", fitting)
            : $"set the printer's capabilities to {suggested} in the profile";
        return r("mismatch", $"{node}: printer answers as {id.Model ?? model} but the profile says {capabilities}", $"printer answers as {id.Model ?? model} but the profile says {capabilities}: {use}");
    }

    /// <summary>Profiles in the profiles directory whose printer has these capabilities (relative paths as the technician typed them).</summary>
    private List<string> ProfilesWithPrinter(string capabilities)
    {
        var dir = profilesDir ?? "hardware-profiles";
        if (!Directory.Exists(dir))
        {
            return [];
        }

        var found = new List<string>();
        foreach (var file in Directory.GetFiles(dir, "*.json").Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            try
            {
                using var doc = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                if (doc.RootElement.TryGetProperty("devices", out var devices) && devices.ValueKind == JsonValueKind.Array
                    && devices.EnumerateArray().Any(d => d.TryGetProperty("kind", out var k) && k.GetString() == "printer"
                        && d.TryGetProperty("options", out var o) && o.ValueKind == JsonValueKind.Object
                        && o.TryGetProperty("capabilities", out var c) && string.Equals(c.GetString(), capabilities, StringComparison.OrdinalIgnoreCase)))
                {
                    found.Add(file);
                }
            }
            catch (JsonException)
            {
                // A broken profile is not a suggestion; `kioskctl profile validate` reports it.
            }
        }

        return found;
    }
}
