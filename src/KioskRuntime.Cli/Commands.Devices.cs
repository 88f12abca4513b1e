using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KioskRuntime.Control;
using KioskRuntime.Scanners.Discovery;

namespace KioskRuntime.Cli;

internal static partial class Commands
{
    private static Command Devices(CommandContext c)
    {
        var json = JsonOption();
        var sysfs = new Option<string?>("--sysfs-root") { Description = "Where sysfs is (default: $KIOSK_SYSFS_ROOT, else /sys)" };
        var dev = new Option<string?>("--dev-root") { Description = "Where device nodes are (default: $KIOSK_DEV_ROOT, else /dev)" };
        var cmd = new Command(
            "devices",
            "List each configured device with its driver and state, and every USB scanner interface found in sysfs, configured or not (works without kioskd).")
        {
            Options = { json, sysfs, dev },
            Subcommands = { DevicesProbe(c) },
        };
        cmd.SetAction(async (parse, ct) =>
        {
            var discovery = new SysfsScannerDiscovery(Root(parse.GetValue(sysfs), "KIOSK_SYSFS_ROOT", "/sys"), Root(parse.GetValue(dev), "KIOSK_DEV_ROOT", "/dev"));
            return await DevicesAsync(c, parse, discovery, parse.GetValue(json), ct).ConfigureAwait(false);
        });
        return cmd;
    }

    private static async Task<int> DevicesAsync(CommandContext c, ParseResult parse, SysfsScannerDiscovery discovery, bool json, CancellationToken ct)
    {
        var client = new ControlClient(DataDirectory.SocketPath(c.ResolveDataDir(parse)));
        JsonArray? configured = null;
        string? problem = null;
        try
        {
            var response = await client.SendAsync("devices", null, ct).ConfigureAwait(false);
            configured = response.Ok == true ? response.Result as JsonArray : null;
            problem = response.Ok == true ? null : response.Error;
        }
        catch (KioskdNotRunningException e)
        {
            problem = e.Message;
        }

        IReadOnlyList<DiscoveredScanner> found;
        try
        {
            found = discovery.Enumerate();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            found = [];
            problem = (problem is null ? "" : problem + "; ") + $"sysfs could not be read: {e.Message}";
        }

        var details = (configured ?? []).Select(d => (Name: d?["name"]?.ToString() ?? "", Detail: d?["detail"]?.ToString() ?? "")).ToList();
        string? ConfiguredAs(DiscoveredScanner s) =>
            details.FirstOrDefault(d => (s.HidrawPath is { } h && d.Detail.Contains(h, StringComparison.Ordinal)) || (s.EventPath is { } e && d.Detail.Contains(e, StringComparison.Ordinal))).Name is { Length: > 0 } n ? n : null;

        if (json)
        {
            var discovered = new JsonArray(found.Select(s => (JsonNode)new JsonObject
            {
                ["usbId"] = s.UsbId,
                ["interface"] = s.InterfaceNumber,
                ["kind"] = s.Kind.ToString(),
                ["hidraw"] = s.HidrawPath,
                ["event"] = s.EventPath,
                ["suggestedDriver"] = s.SuggestedDriver,
                ["manufacturer"] = s.Manufacturer,
                ["product"] = s.Product,
                ["serial"] = s.Serial,
                ["configuredAs"] = ConfiguredAs(s),
            }).ToArray());
            var result = new JsonObject { ["configured"] = configured?.DeepClone(), ["discovered"] = discovered, ["problem"] = problem };
            await c.Output.WriteLineAsync(result.ToJsonString(Pretty)).ConfigureAwait(false);
        }
        else
        {
            var b = new StringBuilder();
            if (configured is not null)
            {
                b.AppendLine(StatusText.RenderDevices(configured));
            }

            foreach (var s in found)
            {
                var node = s.Kind == ScannerInterfaceKind.Keyboard ? s.EventPath ?? s.HidrawPath : s.HidrawPath ?? s.EventPath;
                var use = s.SuggestedDriver is { } driver ? $"driver {driver}" : "not a scanner interface";
                var where = ConfiguredAs(s) is { } name ? $"in profile as '{name}'" : "not in the profile";
                b.AppendLine($"found     {s.UsbId} if{s.InterfaceNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}  {Kind(s.Kind),-8} {node,-22} {use,-14} {where}  {s.Manufacturer} {s.Product} {(s.Serial is null ? "" : "serial " + s.Serial)}".TrimEnd());
            }

            if (found.Count == 0)
            {
                b.AppendLine("found     no USB scanner interfaces (hidraw or input) in sysfs");
            }

            await c.Output.WriteLineAsync(b.ToString().TrimEnd()).ConfigureAwait(false);
        }

        if (problem is not null)
        {
            await c.Error.WriteLineAsync($"kioskctl: devices: {problem}").ConfigureAwait(false);
            return ExitCodes.Refused;
        }

        return ExitCodes.Ok;
    }

    private static string Root(string? given, string variable, string fallback) =>
        given ?? (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment ? fromEnvironment : fallback);

    private static string Kind(ScannerInterfaceKind kind) => kind switch
    {
        ScannerInterfaceKind.HidPos => "HID POS",
        ScannerInterfaceKind.Keyboard => "keyboard",
        _ => "other",
    };
}
