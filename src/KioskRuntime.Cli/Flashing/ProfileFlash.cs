using System.Text.Json.Nodes;
using KioskRuntime.Control;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Hardware.Profiles.Signing;

namespace KioskRuntime.Cli.Flashing;

/// <summary>What a flash needs to know about this kiosk and this technician.</summary>
internal sealed record FlashSettings(
    string ConfigDir,
    string TrustedKeysDir,
    bool AllowUnsigned,
    bool Unattended,
    int ScanSeconds,
    TimeSpan ReadyTimeout,
    string By);

/// <summary>
/// <c>kioskctl profile flash</c> and <c>rollback</c> (docs/profile-flashing.md): validate → verify the signature → probe the devices → write
/// atomically keeping the last known good → restart kioskd → wait until it runs the new profile → self-test → journal the outcome. A failure
/// before the write changes nothing (refused); a failure after it puts the last known good back, restarts and reports what failed (rolled-back).
/// kioskd itself never runs a profile it cannot verify, whatever happens here.
/// </summary>
internal sealed class ProfileFlash(
    FlashSettings settings,
    ProfileLoader loader,
    ProfileStore store,
    KioskdRestarter restarter,
    Func<HardwareProfile, CancellationToken, Task<(bool Ok, string Detail, string? Next)>> probe,
    string socketPath,
    StepPrinter printer,
    TimeProvider time)
{
    public const int StepCount = 8;

    private readonly List<FlashStep> _steps = [];

    public async Task<FlashReport> FlashAsync(string file, CancellationToken ct)
    {
        byte[] bytes = [];
        HardwareProfile? profile = null;
        string? hash = null;
        string? next = null;
        if (!await Step("validate", () =>
            {
                try
                {
                    bytes = File.ReadAllBytes(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    next = "check the path";
                    return (false, $"cannot read {file}: {e.Message}");
                }

                var (p, problems) = loader.Parse(bytes, file);
                profile = p;
                next = $"fix what kioskctl profile validate {file} lists, then sign it again";
                return problems.Count == 0 ? (true, $"kiosk '{p!.KioskId}', {p.Devices.Count} device(s)") : (false, string.Join("; ", problems));
            }).ConfigureAwait(false))
        {
            return Refused(null, next);
        }

        if (!await Step("signature", () =>
            {
                var (keys, _) = ProfileKey.LoadDirectory(settings.TrustedKeysDir);
                var decision = ProfileTrust.Decide(bytes, profile!, keys, settings.AllowUnsigned);
                hash = decision.ProfileHash;
                next = decision.Accepted ? null : $"use a profile signed by the operator (kioskctl profile verify FILE --trusted-keys {settings.TrustedKeysDir})";
                return (decision.Accepted, $"{decision.Mode}: {decision.Message}");
            }).ConfigureAwait(false))
        {
            return Refused(hash, next);
        }

        if (!await StepAsync("probe", async () =>
            {
                var (ok, detail, probeNext) = await probe(profile!, ct).ConfigureAwait(false);
                next = probeNext;
                return (ok, detail);
            }).ConfigureAwait(false))
        {
            return Refused(hash, next ?? "kioskctl devices probe --profile FILE shows each device");
        }

        var current = store.ReadCurrent();
        var previousHash = HashOrNull(current);
        if (!await Step("write", () =>
            {
                store.Install(bytes, current);
                return (true, $"{store.ProfilePath} (last known good kept in {store.LastGoodPath})");
            }).ConfigureAwait(false))
        {
            return await RollBackAsync("flash", hash!, previousHash, current, ct).ConfigureAwait(false);
        }

        return await RestartAndCheckAsync("flash", hash!, previousHash, current, ct).ConfigureAwait(false);
    }

    public async Task<FlashReport> RollbackAsync(CancellationToken ct)
    {
        var lastGood = store.ReadLastGood();
        var current = store.ReadCurrent();
        string? hash = null;
        if (!await Step("last good", () =>
            {
                if (lastGood is null)
                {
                    return (false, $"there is no last known good profile ({store.LastGoodPath} does not exist)");
                }

                var (p, problems) = loader.Parse(lastGood, store.LastGoodPath);
                if (p is null)
                {
                    return (false, string.Join("; ", problems));
                }

                var (keys, _) = ProfileKey.LoadDirectory(settings.TrustedKeysDir);
                var decision = ProfileTrust.Decide(lastGood, p, keys, settings.AllowUnsigned);
                hash = decision.ProfileHash;
                return (decision.Accepted, $"{store.LastGoodPath}: {decision.Mode}: {decision.Message}");
            }).ConfigureAwait(false))
        {
            return Refused(hash, "flash a signed profile instead: kioskctl profile flash FILE");
        }

        var previousHash = HashOrNull(current);
        await Step("write", () =>
        {
            store.Install(lastGood!, current);
            return (true, $"{store.ProfilePath} is the last known good again; the profile it replaced is kept as the last known good");
        }).ConfigureAwait(false);
        return await RestartAndCheckAsync("rollback", hash!, previousHash, current, ct).ConfigureAwait(false);
    }

    private async Task<FlashReport> RestartAndCheckAsync(string action, string hash, string? previousHash, byte[]? previous, CancellationToken ct)
    {
        var since = time.GetUtcNow();
        if (!await StepAsync("restart", () => restarter.RestartAsync(settings.ReadyTimeout, ct)).ConfigureAwait(false)
            || !await StepAsync("ready", () => restarter.WaitReadyAsync(hash, since, settings.ReadyTimeout, ct)).ConfigureAwait(false))
        {
            return await RollBackAsync(action, hash, previousHash, previous, ct).ConfigureAwait(false);
        }

        if (!settings.Unattended)
        {
            await printer.LineAsync($"      scan any barcode with the kiosk's scanner within {settings.ScanSeconds} s (or flash with --unattended)").ConfigureAwait(false);
        }

        if (!await StepAsync("self-test", () => SelfTestAsync(ct)).ConfigureAwait(false))
        {
            return await RollBackAsync(action, hash, previousHash, previous, ct).ConfigureAwait(false);
        }

        var recorded = await StepAsync("journal", () => RecordAsync(action, "in-force", hash, previousHash, null, null, ct)).ConfigureAwait(false);
        return new FlashReport(action, "in-force", hash, previousHash, null, null, recorded ? null : "the kiosk runs the new profile, but the event was not journaled: kioskctl status", _steps);
    }

    /// <summary>Puts <paramref name="previous"/> back in force (or removes the new file when there was none), restarts, and records why.</summary>
    private async Task<FlashReport> RollBackAsync(string action, string hash, string? previousHash, byte[]? previous, CancellationToken ct)
    {
        var failed = _steps[^1];
        await printer.LineAsync($"      {printer.Paint("rolling back", "33")}: {failed.Name} failed; putting the last known good profile back").ConfigureAwait(false);
        await Step("restore", () =>
        {
            if (previous is null)
            {
                File.Delete(store.ProfilePath);
                return (true, $"removed {store.ProfilePath}: there was no profile before, kioskd falls back to its default");
            }

            store.Restore(previous);
            return (true, $"{store.ProfilePath} is the last known good again");
        }).ConfigureAwait(false);
        var since = time.GetUtcNow();
        var back = await restarter.RestartAsync(settings.ReadyTimeout, ct).ConfigureAwait(false);
        var ready = back.Ok && previousHash is not null
            ? await restarter.WaitReadyAsync(previousHash, since, settings.ReadyTimeout, ct).ConfigureAwait(false)
            : back;
        _steps.Add(new FlashStep("restart old", ready.Ok ? "ok" : "failed", ready.Detail));
        await printer.LineAsync($"      restart with the last known good: {(ready.Ok ? printer.Paint("ok", "32") : printer.Paint("FAILED", "31"))}  {ready.Detail}").ConfigureAwait(false);
        if (ready.Ok)
        {
            await RecordAsync(action, "rolled-back", hash, previousHash, failed.Name, failed.Detail, ct).ConfigureAwait(false);
        }

        var nextAction = ready.Ok
            ? $"the kiosk sells under the last known good profile again; {NextFor(failed.Name)}"
            : "the kiosk is NOT running: check journalctl -u kiosk-runtime (or kioskd's output), then kioskctl profile rollback";
        return new FlashReport(action, ready.Ok ? "rolled-back" : "failed", hash, previousHash, failed.Name, failed.Detail, nextAction, _steps);
    }

    private static string NextFor(string step) => step switch
    {
        "restart" or "ready" => "kioskd did not come up with the new profile: read its log (journalctl -u kiosk-runtime) for the reason",
        "self-test" => "fix the device the self-test names (paper, cable, power) and flash again",
        _ => "fix the cause above and flash again",
    };

    private async Task<(bool, string)> SelfTestAsync(CancellationToken ct)
    {
        var args = new JsonObject { ["unattended"] = settings.Unattended, ["scanSeconds"] = settings.ScanSeconds };
        try
        {
            var r = await new ControlClient(socketPath).SendAsync("selftest", args, ct).ConfigureAwait(false);
            var checks = (r.Result?["steps"] as JsonArray ?? []).Select(s => (Passed: (bool?)s?["passed"] == true, Text: $"{s?["device"]} {s?["check"]}: {s?["detail"]}")).ToList();
            var failed = checks.Where(c => !c.Passed).Select(c => c.Text).ToList();
            return r.Ok == true
                ? (true, $"{checks.Count} check(s) passed")
                : (false, failed.Count > 0 ? string.Join("; ", failed) : r.Error ?? "the self-test failed");
        }
        catch (Exception e) when (e is KioskdNotRunningException or IOException)
        {
            return (false, e.Message);
        }
    }

    private async Task<(bool, string)> RecordAsync(string action, string result, string hash, string? previousHash, string? failedStep, string? detail, CancellationToken ct)
    {
        var args = new JsonObject
        {
            ["action"] = action, ["result"] = result, ["profileHash"] = hash, ["previousHash"] = previousHash,
            ["by"] = settings.By, ["failedStep"] = failedStep, ["detail"] = detail,
        };
        try
        {
            var r = await new ControlClient(socketPath).SendAsync("profile.record", args, ct).ConfigureAwait(false);
            return r.Ok == true ? (true, $"profile-flash event journaled as seq {r.Result}") : (false, r.Error ?? "not journaled");
        }
        catch (Exception e) when (e is KioskdNotRunningException or IOException)
        {
            return (false, e.Message);
        }
    }

    private FlashReport Refused(string? hash, string? next)
    {
        var failed = _steps[^1];
        return new FlashReport("flash", "refused", hash, null, failed.Name, failed.Detail, $"nothing was changed; {next}", _steps);
    }

    private static string? HashOrNull(byte[]? bytes)
    {
        try
        {
            return bytes is null ? null : ProfileSignature.Hash(bytes);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private Task<bool> Step(string name, Func<(bool, string)> step) => StepAsync(name, () =>
    {
        try
        {
            return Task.FromResult(step());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult((false, e.Message));
        }
    });

    private async Task<bool> StepAsync(string name, Func<Task<(bool Ok, string Detail)>> step)
    {
        var done = await printer.RunAsync(name, step).ConfigureAwait(false);
        _steps.Add(done);
        return done.Result == "ok";
    }
}
