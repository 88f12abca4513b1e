using System.CommandLine;
using System.Text.Json;
using KioskRuntime.Cli.Flashing;
using KioskRuntime.Cli.Probing;
using KioskRuntime.Control;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Scanners.Discovery;

namespace KioskRuntime.Cli;

internal static partial class Commands
{
    private sealed record FlashOptions(
        Option<string?> ConfigDir,
        Option<string?> TrustedKeys,
        Option<bool> AllowUnsigned,
        Option<bool> Unattended,
        Option<int> ScanSeconds,
        Option<int> ReadyTimeout,
        Option<string> Restart,
        Option<string?> Sysfs,
        Option<bool> Json)
    {
        public static FlashOptions Create() => new(
            new Option<string?>("--config-dir") { Description = "Where kioskd reads profile.json (default: $CONFIGURATION_DIRECTORY, else /etc/kiosk)" },
            TrustedKeysOption(),
            new Option<bool>("--allow-unsigned") { Description = "Development only: accept an unsigned profile (kioskd must allow it too: Kiosk:AllowUnsignedProfiles)" },
            new Option<bool>("--unattended") { Description = "Skip the self-test's scan prompt (nobody at the kiosk)" },
            new Option<int>("--scan-seconds") { Description = "How long the self-test waits for the technician's scan", DefaultValueFactory = _ => 60 },
            new Option<int>("--ready-timeout") { Description = "Seconds kioskd has to come up with the new profile", DefaultValueFactory = _ => 60 },
            new Option<string>("--restart") { Description = "How to restart kioskd: auto (systemd when the unit is installed), systemd, direct (control socket)", DefaultValueFactory = _ => "auto" },
            new Option<string?>("--sysfs-root") { Description = "Where sysfs is (default: $KIOSK_SYSFS_ROOT, else /sys)" },
            JsonOption());

        public IEnumerable<Option> All => [ConfigDir, TrustedKeys, AllowUnsigned, Unattended, ScanSeconds, ReadyTimeout, Restart, Sysfs, Json];
    }

    private static Command Flash(CommandContext c)
    {
        var file = new Argument<FileInfo>("file") { Description = "The signed hardware profile to put in force" };
        var o = FlashOptions.Create();
        var cmd = new Command("flash", "Put a profile in force: validate, verify signature, probe devices, write atomically (keeping the last known good), restart kioskd, wait for READY, self-test; on any failure roll back. Exit 0 only when the new profile runs and passed.")
        {
            Arguments = { file },
        };
        foreach (var option in o.All)
        {
            cmd.Options.Add(option);
        }

        cmd.SetAction(async (parse, ct) => await RunFlashAsync(c, parse, o, (f, t) => f.FlashAsync(parse.GetValue(file)!.FullName, t), ct).ConfigureAwait(false));
        return cmd;
    }

    private static Command Rollback(CommandContext c)
    {
        var o = FlashOptions.Create();
        var cmd = new Command("rollback", "Put the last known good profile back in force, restart kioskd and wait for READY (the current one becomes the last known good).");
        foreach (var option in o.All)
        {
            cmd.Options.Add(option);
        }

        cmd.SetAction(async (parse, ct) => await RunFlashAsync(c, parse, o, (f, t) => f.RollbackAsync(t), ct).ConfigureAwait(false));
        return cmd;
    }

    private static async Task<int> RunFlashAsync(CommandContext c, ParseResult parse, FlashOptions o, Func<ProfileFlash, CancellationToken, Task<FlashReport>> run, CancellationToken ct)
    {
        var configDir = Path.GetFullPath(parse.GetValue(o.ConfigDir) ?? DefaultConfigDir());
        var dataDir = c.ResolveDataDir(parse);
        var json = parse.GetValue(o.Json);
        var settings = new FlashSettings(
            configDir,
            parse.GetValue(o.TrustedKeys) ?? Path.Combine(configDir, "trusted-keys"),
            parse.GetValue(o.AllowUnsigned),
            parse.GetValue(o.Unattended),
            parse.GetValue(o.ScanSeconds),
            TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(o.ReadyTimeout), 1, 600)),
            Environment.GetEnvironmentVariable("SUDO_USER") ?? Environment.UserName);
        if (parse.GetValue(o.Restart) is not ("auto" or "systemd" or "direct"))
        {
            await c.Error.WriteLineAsync("kioskctl: --restart must be auto, systemd or direct").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var socket = DataDirectory.SocketPath(dataDir);
        var probe = new DeviceProbe(new SysfsScannerDiscovery(Root(parse.GetValue(o.Sysfs), "KIOSK_SYSFS_ROOT", "/sys"), Root(null, "KIOSK_DEV_ROOT", "/dev")), dataDir, TimeSpan.FromSeconds(3), Root(parse.GetValue(o.Sysfs), "KIOSK_SYSFS_ROOT", "/sys"));
        var printer = StepPrinter.For(c.Output, json, ProfileFlash.StepCount);
        var flash = new ProfileFlash(
            settings,
            new ProfileLoader(ProfileDrivers()),
            new ProfileStore(configDir),
            new KioskdRestarter(socket, parse.GetValue(o.Restart)!, "kiosk-runtime.service", TimeProvider.System),
            async (profile, t) =>
            {
                var results = await probe.ProbeAsync(profile, t).ConfigureAwait(false);
                var bad = results.Where(r => r.Verdict is not ("ok" or "simulated" or "not-checked")).ToList();
                return bad.Count == 0
                    ? (true, string.Join(", ", results.Select(r => $"{r.Device} {r.Verdict}")), null)
                    : (false, string.Join("; ", bad.Select(r => $"{r.Device}: {r.Detail}")), string.Join("; ", bad.Select(r => r.Next).OfType<string>()));
            },
            socket,
            printer,
            TimeProvider.System);
        var report = await run(flash, ct).ConfigureAwait(false);
        if (json)
        {
            await c.Output.WriteLineAsync(JsonSerializer.Serialize(report, Pretty)).ConfigureAwait(false);
        }
        else
        {
            var head = report.Result == "in-force" ? printer.Paint("IN FORCE", "32") : printer.Paint(report.Result.ToUpperInvariant(), "31");
            await c.Output.WriteLineAsync($"{report.Action}: {head}  profile {report.ProfileHash?[..Math.Min(12, report.ProfileHash.Length)]}").ConfigureAwait(false);
            if (report.FailedStep is not null)
            {
                await c.Error.WriteLineAsync($"kioskctl: {report.Action} failed at '{report.FailedStep}': {report.Detail}").ConfigureAwait(false);
            }

            if (report.NextAction is not null)
            {
                await c.Error.WriteLineAsync($"next: {report.NextAction}").ConfigureAwait(false);
            }
        }

        return report.Result == "in-force" ? ExitCodes.Ok : ExitCodes.Refused;
    }
}
