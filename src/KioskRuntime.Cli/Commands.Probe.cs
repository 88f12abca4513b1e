using System.CommandLine;
using System.Text;
using System.Text.Json;
using KioskRuntime.Cli.Probing;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Scanners.Discovery;

namespace KioskRuntime.Cli;

internal static partial class Commands
{
    private static Command DevicesProbe(CommandContext c)
    {
        var profileFile = new Option<FileInfo?>("--profile") { Description = "Compare this profile with what is attached, device by device" };
        var profilesDir = new Option<string?>("--profiles-dir") { Description = "Without --profile: which of these profiles fit (default: ./hardware-profiles, else the one beside kioskctl)" };
        var sysfs = new Option<string?>("--sysfs-root") { Description = "Where sysfs is (default: $KIOSK_SYSFS_ROOT, else /sys)" };
        var dev = new Option<string?>("--dev-root") { Description = "Where device nodes are (default: $KIOSK_DEV_ROOT, else /dev)" };
        var json = JsonOption();
        var cmd = new Command("probe", "Check a profile against the attached devices (scanner in sysfs and openable, printer answers DLE EOT or its IEEE-1284 id names the profile's model, terminal reachable, nodes present); without --profile, list which profiles fit. Exit 1 when something does not fit.")
        {
            Options = { profileFile, profilesDir, sysfs, dev, json },
        };
        cmd.SetAction(async (parse, ct) =>
        {
            var dir = parse.GetValue(profilesDir) ?? (Directory.Exists("hardware-profiles") ? "hardware-profiles" : Path.Combine(AppContext.BaseDirectory, "hardware-profiles"));
            var probe = new DeviceProbe(
                new SysfsScannerDiscovery(Root(parse.GetValue(sysfs), "KIOSK_SYSFS_ROOT", "/sys"), Root(parse.GetValue(dev), "KIOSK_DEV_ROOT", "/dev")),
                c.ResolveDataDir(parse),
                TimeSpan.FromSeconds(3),
                Root(parse.GetValue(sysfs), "KIOSK_SYSFS_ROOT", "/sys"),
                dir);
            var loader = new ProfileLoader(ProfileDrivers());
            List<string> files;
            if (parse.GetValue(profileFile) is { } one)
            {
                files = [one.FullName];
            }
            else
            {
                files = Directory.Exists(dir) ? Directory.GetFiles(dir, "*.json").Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList() : [];
            }

            var reports = new List<(string File, bool Fits, string? Problem, IReadOnlyList<ProbeResult> Devices)>();
            foreach (var f in files)
            {
                var (profile, problems) = loader.TryLoad(f);
                if (profile is null)
                {
                    reports.Add((f, false, $"invalid profile: {problems.Count} problem(s), first: {problems.FirstOrDefault()}", []));
                    continue;
                }

                var results = await probe.ProbeAsync(profile, ct).ConfigureAwait(false);

                // Listing candidates, a profile "fits" only when at least one real device answered; all-simulated profiles fit anything.
                var fits = DeviceProbe.AllFit(results) && (files.Count == 1 || results.Any(r => r.Verdict == "ok"));
                reports.Add((f, fits, null, results));
            }

            if (parse.GetValue(json))
            {
                var doc = reports.Select(r => new { file = r.File, fits = r.Fits, problem = r.Problem, devices = r.Devices });
                await c.Output.WriteLineAsync(JsonSerializer.Serialize(doc, Pretty)).ConfigureAwait(false);
            }
            else
            {
                var b = new StringBuilder();
                foreach (var r in reports)
                {
                    b.AppendLine($"{(r.Fits ? "FITS    " : "no      ")}{r.File}{(r.Problem is null ? "" : $"  ({r.Problem})")}");
                    foreach (var d in r.Devices)
                    {
                        b.AppendLine($"  {d.Verdict,-11} {d.Device,-10} {d.Kind,-17} {d.Driver,-14} {d.Detail}");
                        if (d.Next is not null && files.Count == 1)
                        {
                            b.AppendLine($"              next: {d.Next}");
                        }
                    }
                }

                if (files.Count == 0)
                {
                    b.AppendLine("no profiles to compare (give --profile FILE or --profiles-dir DIR)");
                }

                await c.Output.WriteLineAsync(b.ToString().TrimEnd()).ConfigureAwait(false);
            }

            return reports.Count > 0 && (files.Count == 1 ? reports[0].Fits : reports.Any(r => r.Fits)) ? ExitCodes.Ok : ExitCodes.Refused;
        });
        return cmd;
    }
}
