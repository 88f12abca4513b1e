using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using KioskRuntime.Contract;
using KioskRuntime.Control;
using KioskRuntime.Journal;
using Microsoft.Extensions.Logging.Abstractions;

namespace KioskRuntime.Cli;

internal static partial class Commands
{
    private static Command Journal(CommandContext c)
    {
        var json = JsonOption();
        var verify = new Command("verify", "Check the journal: sequence contiguous from 1, hash chain intact, counts per type. Exit 1 if anything is wrong.") { Options = { json } };
        verify.SetAction(async (parse, ct) => await VerifyAsync(c, parse, parse.GetValue(json), ct).ConfigureAwait(false));

        var from = new Option<long>("--from") { Description = "First seq to export", DefaultValueFactory = _ => 1 };
        var export = new Command("export", "Print every journal event as one JSON object per line, in the upstream contract's shape.") { Options = { from } };
        export.SetAction(async (parse, ct) => await ExportAsync(c, parse, parse.GetValue(from), ct).ConfigureAwait(false));

        var accept = new Option<bool>("--accept") { Description = "Accept the recovery report and let the kiosk sell again" };
        var recover = new Command("recover", "Show the recovery report of a damaged journal; with --accept, accept it.") { Options = { accept } };
        recover.SetAction(async (parse, ct) => await CallAsync(c, parse, "journal.recover", new JsonObject { ["accept"] = parse.GetValue(accept) }, true, _ => "", ct).ConfigureAwait(false));

        return new Command("journal", "Inspect the offline journal (works with or without kioskd running).") { Subcommands = { verify, export, recover } };
    }

    private static async Task<int> VerifyAsync(CommandContext c, System.CommandLine.ParseResult parse, bool json, CancellationToken ct)
    {
        var dataDir = c.ResolveDataDir(parse);
        var client = new ControlClient(DataDirectory.SocketPath(dataDir));
        JsonNode? result;
        if (await client.IsRunningAsync(ct).ConfigureAwait(false))
        {
            var response = await client.SendAsync("journal.verify", null, ct).ConfigureAwait(false);
            if (response.Ok != true)
            {
                await c.Error.WriteLineAsync($"kioskctl: journal verify: {response.Error}").ConfigureAwait(false);
                return ExitCodes.Refused;
            }

            result = response.Result;
        }
        else
        {
            if (!Directory.Exists(dataDir))
            {
                await c.Error.WriteLineAsync($"kioskctl: no data directory at {dataDir}").ConfigureAwait(false);
                return ExitCodes.Refused;
            }

            using var journal = OpenReadOnly(dataDir);
            result = JsonSerializer.SerializeToNode(journal.Verify(), ControlProtocol.Json);
        }

        var ok = result?["isValid"]?.GetValue<bool>() == true;
        await c.Output.WriteLineAsync(json ? result?.ToJsonString(Pretty) : JournalText.Render(result)).ConfigureAwait(false);
        return ok ? ExitCodes.Ok : ExitCodes.Refused;
    }

    private static async Task<int> ExportAsync(CommandContext c, System.CommandLine.ParseResult parse, long fromSeq, CancellationToken ct)
    {
        var dataDir = c.ResolveDataDir(parse);
        var client = new ControlClient(DataDirectory.SocketPath(dataDir));
        if (await client.IsRunningAsync(ct).ConfigureAwait(false))
        {
            await foreach (var line in client.StreamAsync("journal.export", new JsonObject { ["fromSeq"] = fromSeq }, ct).ConfigureAwait(false))
            {
                if (line.Item is not null)
                {
                    await c.Output.WriteLineAsync(line.Item.ToJsonString()).ConfigureAwait(false);
                }
                else if (line.Ok != true)
                {
                    await c.Error.WriteLineAsync($"kioskctl: journal export: {line.Error}").ConfigureAwait(false);
                    return ExitCodes.Refused;
                }
            }

            return ExitCodes.Ok;
        }

        if (!Directory.Exists(dataDir))
        {
            await c.Error.WriteLineAsync($"kioskctl: no data directory at {dataDir}").ConfigureAwait(false);
            return ExitCodes.Refused;
        }

        using var journal = OpenReadOnly(dataDir);
        var problems = new List<PayloadProblem>();
        foreach (var entry in journal.ReadEvents(fromSeq))
        {
            var line = ContractEventWriter.ToJson(entry.ToContractEvent(), out var problem);
            await c.Output.WriteLineAsync(line).ConfigureAwait(false);
            if (problem is not null)
            {
                problems.Add(problem);
            }
        }

        foreach (var problem in problems)
        {
            await c.Error.WriteLineAsync($"kioskctl: journal export: {problem}").ConfigureAwait(false);
        }

        return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Refused;
    }

    private static KioskJournal OpenReadOnly(string dataDir) =>
        KioskJournal.OpenReadOnly(new JournalOptions { DataDirectory = dataDir }, TimeProvider.System, NullLogger<KioskJournal>.Instance);
}
