using System.CommandLine;
using System.CommandLine.Parsing;

namespace KioskRuntime.Cli;

/// <summary>kioskctl: builds the command tree; each command lives in its own file.</summary>
internal static class KioskctlProgram
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = "The kiosk's data directory (default: $KIOSK_DATA_DIR, $STATE_DIRECTORY, ./kiosk-data, else /var/lib/kiosk)",
            Recursive = true,
        };
        var context = new CommandContext(dataDir, output, error);
        var root = new RootCommand("kioskctl: inspect and operate a KioskRuntime kiosk (status, devices, sales, journal, sync).")
        {
            Options = { dataDir },
        };
        foreach (var command in Commands.All(context))
        {
            root.Subcommands.Add(command);
        }

        var parse = root.Parse(args, new ParserConfiguration());
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                await error.WriteLineAsync($"kioskctl: {e.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'kioskctl --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).ConfigureAwait(false);
    }
}

/// <summary>What every command needs: where the data directory is, and where to write.</summary>
internal sealed record CommandContext(Option<string?> DataDir, TextWriter Output, TextWriter Error)
{
    public string ResolveDataDir(ParseResult parse) =>
        KioskRuntime.Control.DataDirectory.ResolveForTool(parse.GetValue(DataDir), Environment.GetEnvironmentVariable, Environment.CurrentDirectory, Environment.IsPrivilegedProcess);
}
