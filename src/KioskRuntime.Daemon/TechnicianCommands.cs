using System.Text.Json.Nodes;
using KioskRuntime.Control;
using KioskRuntime.Domain;
using KioskRuntime.Journal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon;

/// <summary>
/// The control commands <c>kioskctl profile flash</c> and <c>rollback</c> use: <c>restart</c> (in place, outside systemd), <c>selftest</c>,
/// and <c>profile.record</c> (journal the flash's outcome, which then goes upstream like every event).
/// </summary>
internal sealed class TechnicianCommands(
    KioskJournal journal,
    ProfileInForce inForce,
    SelfTest selfTest,
    DeviceSupervisor devices,
    RestartRequest restart,
    IHostApplicationLifetime lifetime,
    IUpstreamLink upstream,
    TimeProvider time,
    ILogger<TechnicianCommands> logger)
{
    public static readonly string[] Names = ["restart", "selftest", "profile.record", "printer.test"];

    public async Task<ControlResponse> HandleAsync(string command, JsonObject args, PeerCredentials peer, CancellationToken ct)
    {
        switch (command)
        {
            case "restart":
                if (SystemdHelpers.IsSystemdService())
                {
                    return ControlResponse.Failure("kioskd runs under systemd: restart it with 'systemctl restart kiosk-runtime'");
                }

                logger.LogWarning("Restart in place requested over the control socket by uid {Uid}", peer.Uid);
                restart.Request();
                lifetime.StopApplication();
                return ControlResponse.Success(JsonValue.Create("restarting"));
            case "selftest":
                var unattended = args["unattended"] is JsonValue u && u.TryGetValue<bool>(out var b) && b;
                var seconds = args["scanSeconds"] is JsonValue s && s.TryGetValue<int>(out var n) ? n : 60;
                var report = await selfTest.RunAsync(unattended ? null : TimeSpan.FromSeconds(Math.Clamp(seconds, 1, 600)), ct).ConfigureAwait(false);
                var node = System.Text.Json.JsonSerializer.SerializeToNode(report, ControlProtocol.Json);
                return report.Passed ? ControlResponse.Success(node) : new ControlResponse(false, node, "the self-test failed", ControlErrorKind.Refused);
            case "printer.test":
                if (devices.Printer is not { } printer)
                {
                    return ControlResponse.Failure("the profile has no printer");
                }

                var (printed, tables) = await selfTest.PrintTestPageAsync(printer, ct).ConfigureAwait(false);
                var page = new JsonObject { ["printer"] = printer.Name, ["outcome"] = printed.Outcome.ToString().ToLowerInvariant(), ["detail"] = printed.Detail, ["codeTables"] = new JsonArray([.. tables.Select(t => (JsonNode)JsonValue.Create(t))]) };
                return printed.Outcome == Devices.PrintOutcome.Printed
                    ? ControlResponse.Success(page)
                    : new ControlResponse(false, page, $"the test page was not printed ({printed.Outcome}: {printed.Detail}); check paper and cover", ControlErrorKind.Refused);
            case "profile.record":
                return await RecordAsync(args, peer, ct).ConfigureAwait(false);
            default:
                return ControlResponse.Failure($"unknown command '{command}'", ControlErrorKind.Usage);
        }
    }

    private async Task<ControlResponse> RecordAsync(JsonObject args, PeerCredentials peer, CancellationToken ct)
    {
        string? Text(string name) => args[name] is JsonValue v && v.TryGetValue<string>(out var t) ? t : null;
        if (Text("action") is not ("flash" or "rollback") || Text("result") is not ("in-force" or "rolled-back") || Text("profileHash") is not { Length: 64 })
        {
            return ControlResponse.Failure("profile.record needs action flash|rollback, result in-force|rolled-back and a 64-hex profileHash", ControlErrorKind.Usage);
        }

        var payload = new ProfileFlashPayload(
            Text("action")!,
            Text("result")!,
            Text("profileHash")!,
            inForce.Trust.ProfileHash ?? "",
            Text("previousHash"),
            $"{Text("by") ?? "unknown"} (uid {peer.Uid})",
            Text("failedStep"),
            Text("detail"),
            inForce.Trust.Mode,
            inForce.Trust.KeyId);
        var entries = await journal.CommitAsync(new JournalWrite([new NewEvent(EventTypes.ProfileFlash, EventJson.Serialize(payload), time.GetUtcNow())]), ct).ConfigureAwait(false);
        upstream.Nudge();
        logger.LogInformation("Profile {Action} recorded: {Result}, profile {Hash}, by {By}", payload.Action, payload.Result, payload.ProfileHash, payload.By);
        return ControlResponse.Success(JsonValue.Create(entries[0].Seq));
    }
}
