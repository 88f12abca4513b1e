using System.Net.Sockets;
using System.Text.Json;
using KioskRuntime.Devices;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Hardware.Profiles.Signing;
using KioskRuntime.Scanners.Discovery;

namespace KioskRuntime.Cli.Probing;

/// <summary>
/// Compares a profile with what is attached, device by device (<c>kioskctl devices probe</c>, and the probe step of a flash): a scanner's
/// VID:PID and interface in sysfs and its node openable; a TCP printer answering DLE EOT 1 with a valid status byte; a usblp printer's
/// IEEE-1284 id matching the profile's capabilities (<c>DeviceProbe.UsbPrinter.cs</c>); a device node present;
/// a nexo terminal reachable over TCP. What it cannot check yet it says so (<c>not-checked</c>), never "ok". Run while kioskd is stopped or
/// running: it only opens nodes for reading and sends one real-time status query to a printer.
/// </summary>
internal sealed partial class DeviceProbe(SysfsScannerDiscovery discovery, string dataDir, TimeSpan timeout, string sysfsRoot = "/sys", string? profilesDir = null)
{
    public async Task<IReadOnlyList<ProbeResult>> ProbeAsync(HardwareProfile profile, CancellationToken ct)
    {
        var found = discovery.Enumerate();
        var results = new List<ProbeResult>();
        foreach (var d in profile.Devices)
        {
            var kind = ProfileLoader.KindName(d.Kind);
            ProbeResult R(string verdict, string detail, string? next = null) => new(d.Name, kind, d.Driver, verdict, detail, next);
            if (ProfileTrust.IsSimulatedDriver(d.Driver))
            {
                results.Add(R("simulated", "simulated device: nothing to probe"));
                continue;
            }

            results.Add((d.Kind, d.Driver) switch
            {
                (DeviceKind.Scanner, "hidraw" or "evdev") => Scanner(d.Driver, Option(d.Options, "vendorId"), Option(d.Options, "productId"), found, R),
                (DeviceKind.Printer, "tcp9100") => await TcpPrinterAsync(d.Path ?? "", R, ct).ConfigureAwait(false),
                (DeviceKind.Printer, "usblp") when d.Path is { Length: > 0 } lp => UsbPrinter(Resolve(lp), Option(d.Options, "capabilities") ?? "default", R),
                (_, "gpio-light" or "gpio-lock" or "gpio-buzzer" or "gpio-inputs") => Gpio(Option(d.Options, "chipLabel"), Option(d.Options, "sysRoot") ?? sysfsRoot, GpioLines(d.Options), R),
                (DeviceKind.PaymentTerminal, _) when Uri.TryCreate(d.Path, UriKind.Absolute, out var url) => await ReachableAsync(url.Host, url.Port, R, ct).ConfigureAwait(false),
                _ when d.Path is { Length: > 0 } path => Node(Resolve(path), R),
                _ => R("not-checked", $"no probe for a {kind} on driver {d.Driver} yet"),
            });
        }

        return results;
    }

    public static bool AllFit(IEnumerable<ProbeResult> results) => results.All(r => r.Verdict is "ok" or "simulated" or "not-checked");

    private static ProbeResult Scanner(string driver, string? vid, string? pid, IReadOnlyList<DiscoveredScanner> found, Func<string, string, string?, ProbeResult> r)
    {
        var same = found.Where(s => string.Equals(s.VendorId.ToString("x4"), vid, StringComparison.OrdinalIgnoreCase) && (pid is null || string.Equals(s.ProductId.ToString("x4"), pid, StringComparison.OrdinalIgnoreCase))).ToList();
        var fit = same.FirstOrDefault(s => s.SuggestedDriver == driver);
        if (fit is null)
        {
            var seen = found.Count == 0 ? "no USB scanner interface in sysfs" : "found " + string.Join(", ", found.Select(s => $"{s.UsbId} {s.SuggestedDriver}"));
            var next = same.Count > 0
                ? $"the scanner is there but offers driver {same[0].SuggestedDriver}, not {driver}: switch the scanner's USB mode or use a profile with driver {same[0].SuggestedDriver}"
                : "plug the scanner in (kioskctl devices lists what is attached), or use the profile for the scanner you have";
            return r("missing", $"{vid}:{pid ?? "*"} ({driver}) not found; {seen}", next);
        }

        var node = (driver == "hidraw" ? fit.HidrawPath : fit.EventPath)!;
        try
        {
            // Non-blocking: a node that is a FIFO (tests) must not wait for a writer; a hidraw or evdev node opens the same either way.
            using var handle = Linux.FileDescriptor.Open(node, Linux.OpenFlags.ReadOnly | Linux.OpenFlags.NonBlocking);
            return r("ok", $"{fit.UsbId} if{fit.InterfaceNumber} at {node}, openable ({fit.Manufacturer} {fit.Product})".TrimEnd(), null);
        }
        catch (IOException e)
        {
            return r("unusable", $"{fit.UsbId} at {node} cannot be opened: {e.Message}", "check the udev rule (systemd/99-kiosk-runtime.rules) gives the kiosk group access");
        }
    }

    private async Task<ProbeResult> TcpPrinterAsync(string path, Func<string, string, string?, ProbeResult> r, CancellationToken ct)
    {
        var colon = path.LastIndexOf(':');
        var (host, port) = colon > 0 && int.TryParse(path.AsSpan(colon + 1), out var p) ? (path[..colon], p) : (path, 9100);
        using var client = new TcpClient();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await client.ConnectAsync(host, port, cts.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync(new byte[] { 0x10, 0x04, 0x01 }, cts.Token).ConfigureAwait(false);
            var reply = new byte[1];
            var n = await stream.ReadAsync(reply, cts.Token).ConfigureAwait(false);
            var b = reply[0];
            return n == 1 && (b & 0x81) == 0 && (b & 0x12) == 0x12
                ? r("ok", $"{host}:{port} answers DLE EOT 1 with 0x{b:x2}{((b & 0x08) != 0 ? " (offline)" : "")}", null)
                : r("mismatch", $"{host}:{port} answered 0x{b:x2}, not an ESC/POS status byte", "is this an ESC/POS printer? check the profile's printer model");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return r("unusable", $"{host}:{port}: no answer to DLE EOT within {timeout.TotalSeconds:0.#} s", "check the printer is on, online and on this address");
        }
        catch (SocketException e)
        {
            return r("missing", $"{host}:{port}: {e.Message}", "check the printer's network cable, power and IP address (print its self-test page: hold FEED while switching on)");
        }
    }

    private async Task<ProbeResult> ReachableAsync(string host, int port, Func<string, string, string?, ProbeResult> r, CancellationToken ct)
    {
        using var client = new TcpClient();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await client.ConnectAsync(host, port, cts.Token).ConfigureAwait(false);
            return r("ok", $"{host}:{port} reachable (TCP; no diagnosis request sent yet)", null);
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return r("missing", $"{host}:{port} unreachable: {e.Message}", "check the terminal is on and on the kiosk's network, and its IP in the profile");
        }
    }

    private static ProbeResult Node(string path, Func<string, string, string?, ProbeResult> r) =>
        File.Exists(path) || Directory.Exists(path)
            ? r("ok", $"{path} present", null)
            : r("missing", $"{path} does not exist", "plug the device in, or check the udev rule that names it");

    private string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(dataDir, path);

    private static string? Option(JsonElement options, string name) =>
        options.ValueKind == JsonValueKind.Object && options.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>One device's probe verdict: ok, simulated, not-checked, missing, mismatch or unusable; and what to do about it.</summary>
internal sealed record ProbeResult(string Device, string Kind, string Driver, string Verdict, string Detail, string? Next);
