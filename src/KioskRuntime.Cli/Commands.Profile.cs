using System.CommandLine;
using System.Text.Json;
using KioskRuntime.Control;
using KioskRuntime.Devices.Drivers;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Payments;
using KioskRuntime.Peripherals.Drivers;
using KioskRuntime.Printing.Drivers;
using KioskRuntime.Scanners;
using KioskRuntime.Simulation;

namespace KioskRuntime.Cli;

internal static partial class Commands
{
    /// <summary>Every driver kioskd registers (<c>KioskComposition.CreateDrivers</c>), so both check a profile with the same rules.</summary>
    internal static DriverRegistry ProfileDrivers() => new DriverRegistry()
        .AddSimulatedDrivers()
        .AddScannerDrivers()
        .AddPrinterDrivers()
        .AddPaymentDrivers()
        .AddPeripheralDrivers();

    private static Command Profile(CommandContext c)
    {
        var file = new Argument<FileInfo>("file") { Description = "The hardware profile (JSON)" };
        var json = JsonOption();
        var validate = new Command("validate", "Check a hardware profile; print every problem with file, line and what was expected. Exit 1 if invalid.")
        {
            Arguments = { file },
            Options = { json },
        };
        validate.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!.FullName;
            var (profile, problems) = new ProfileLoader(ProfileDrivers()).TryLoad(path);
            if (parse.GetValue(json))
            {
                var result = new { valid = problems.Count == 0, kioskId = profile?.KioskId, devices = profile?.Devices.Count, problems };
                await c.Output.WriteLineAsync(JsonSerializer.Serialize(result, Pretty)).ConfigureAwait(false);
            }
            else if (problems.Count == 0)
            {
                await c.Output.WriteLineAsync($"{path}: valid (kiosk '{profile!.KioskId}', {profile.Devices.Count} device(s): {string.Join(", ", profile.Devices.Select(d => $"{d.Name} {ProfileLoader.KindName(d.Kind)}/{d.Driver}"))})").ConfigureAwait(false);
            }
            else
            {
                foreach (var p in problems)
                {
                    await c.Error.WriteLineAsync(p.ToString()).ConfigureAwait(false);
                }

                await c.Error.WriteLineAsync($"{problems.Count} problem(s).").ConfigureAwait(false);
            }

            return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Refused;
        });
        return new Command("profile", "Hardware profiles: validate, sign, verify, flash, roll back.") { Subcommands = { validate, Keygen(c), Sign(c), Verify(c), Flash(c), Rollback(c) } };
    }
}
