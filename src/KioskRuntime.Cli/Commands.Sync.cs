using System.CommandLine;
using System.Text.Json.Nodes;

namespace KioskRuntime.Cli;

internal static partial class Commands
{
    private static Command Sync(CommandContext c)
    {
        var json = JsonOption();
        var now = new Command("now", "Push pending events to the back office now and show the result.") { Options = { json } };
        now.SetAction(async (parse, ct) => await CallAsync(c, parse, "sync.now", null, parse.GetValue(json),
            r => $"online: {r?["online"]}, pending: {r?["pending"]}, delivered up to seq {r?["deliveredSeq"]}, dead letters: {r?["deadLetters"]}", ct).ConfigureAwait(false));

        var deadJson = JsonOption();
        var dead = new Command("dead-letters", "List events the back office refused for good, with the reason.") { Options = { deadJson } };
        dead.SetAction(async (parse, ct) => await CallAsync(c, parse, "sync.dead-letters", null, parse.GetValue(deadJson),
            r => r is JsonArray { Count: > 0 } a ? string.Join("\n", a.Select(d => $"seq {d?["seq"]} {d?["type"]}: {PerField(d?["reason"]?.ToString())} ({d?["at"]})")) : "no dead letters", ct).ConfigureAwait(false));

        var seq = new Argument<long>("seq") { Description = "The dead-lettered event's seq" };
        var retry = new Command("retry", "Send a dead-lettered event again (after the back office was fixed).") { Arguments = { seq } };
        retry.SetAction(async (parse, ct) => await CallAsync(c, parse, "sync.retry", new JsonObject { ["seq"] = parse.GetValue(seq) }, false, _ => "queued for resending", ct).ConfigureAwait(false));

        return new Command("sync", "The back office link: push now, dead letters, resubmit.") { Subcommands = { now, dead, retry } };
    }

    /// <summary>A Rackbeat refusal ("Rackbeat 422 — field: message | field: message") one field per line.</summary>
    private static string? PerField(string? reason) =>
        reason is not null && reason.StartsWith("Rackbeat ", StringComparison.Ordinal) ? reason.Replace(" — ", "\n    ", StringComparison.Ordinal).Replace(" | ", "\n    ", StringComparison.Ordinal) : reason;
}
