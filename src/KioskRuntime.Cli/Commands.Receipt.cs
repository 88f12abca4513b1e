using System.CommandLine;
using System.Text.Json.Nodes;
using KioskRuntime.Printing;

namespace KioskRuntime.Cli;

internal static partial class Commands
{
    private static Command Receipt(CommandContext c)
    {
        var number = new Argument<long>("receipt-no") { Description = "The receipt number" };
        var reprint = new Command("reprint", "Print the one allowed copy of a receipt, marked KOPI (or the original if it never printed).") { Arguments = { number } };
        reprint.SetAction(async (parse, ct) => await CallAsync(c, parse, "receipt.reprint", new JsonObject { ["receiptNo"] = parse.GetValue(number) }, false,
            r => r?["message"]?.ToString() ?? "", ct).ConfigureAwait(false));

        var file = new Argument<FileInfo>("file") { Description = "ESC/POS bytes (a printer job, e.g. printer/000001-r1.bin)" };
        var html = new Option<FileInfo?>("--html") { Description = "Write an HTML preview here" };
        var columns = new Option<int>("--columns") { Description = "Characters per line", DefaultValueFactory = _ => 48 };
        var render = new Command("render", "Decode an ESC/POS job and show it as text (and HTML). Unknown commands are reported, never fatal.")
        {
            Arguments = { file },
            Options = { html, columns },
        };
        render.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await c.Error.WriteLineAsync($"kioskctl: no such file {path.FullName}").ConfigureAwait(false);
                return ExitCodes.Refused;
            }

            var document = EscPosDecoder.Decode(await File.ReadAllBytesAsync(path.FullName, ct).ConfigureAwait(false));
            await c.Output.WriteLineAsync(ReceiptTextRenderer.Render(document, parse.GetValue(columns))).ConfigureAwait(false);
            if (parse.GetValue(html) is { } htmlFile)
            {
                await File.WriteAllTextAsync(htmlFile.FullName, ReceiptHtmlRenderer.Render(document, parse.GetValue(columns), path.Name), ct).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return new Command("receipt", "Receipts: the KOPI reprint, and previews of ESC/POS jobs.") { Subcommands = { reprint, render } };
    }
}
