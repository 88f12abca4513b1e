using System.CommandLine;
using System.Text.Json.Nodes;
using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.EscPos.Decoding;
using KioskRuntime.Printing.EscPos.Rendering;

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
        var png = new Option<FileInfo?>("--png") { Description = "Write a PNG picture of the paper here" };
        var model = new Option<string>("--profile") { Description = "Printer model (capability profile) the job was made for", DefaultValueFactory = _ => "default" };
        var columns = new Option<int>("--columns") { Description = "Characters per line", DefaultValueFactory = _ => 48 };
        var render = new Command("render", "Decode an ESC/POS job and show it as text (and HTML). Unknown commands are reported, never fatal.")
        {
            Arguments = { file },
            Options = { html, png, columns, model },
        };
        render.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await c.Error.WriteLineAsync($"kioskctl: no such file {path.FullName}").ConfigureAwait(false);
                return ExitCodes.Refused;
            }

            if (!PrinterCapabilities.TryGet(parse.GetValue(model)!, out var capabilities))
            {
                await c.Error.WriteLineAsync($"kioskctl: unknown printer model '{parse.GetValue(model)}'; known: {string.Join(", ", PrinterCapabilities.KnownNames)}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var document = EscPosDecoder.Decode(await File.ReadAllBytesAsync(path.FullName, ct).ConfigureAwait(false), capabilities.Dialect);
            foreach (var issue in document.Issues)
            {
                await c.Error.WriteLineAsync($"note: {issue}").ConfigureAwait(false);
            }

            await c.Output.WriteLineAsync(ReceiptTextRenderer.Render(document, parse.GetValue(columns))).ConfigureAwait(false);
            if (parse.GetValue(html) is { } htmlFile)
            {
                await File.WriteAllTextAsync(htmlFile.FullName, ReceiptHtmlRenderer.Render(document, parse.GetValue(columns), path.Name), ct).ConfigureAwait(false);
            }

            if (parse.GetValue(png) is { } pngFile)
            {
                await File.WriteAllBytesAsync(pngFile.FullName, ReceiptPngRenderer.Render(document, capabilities.PaperWidthDots), ct).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return new Command("receipt", "Receipts: the KOPI reprint, and previews of ESC/POS jobs.") { Subcommands = { reprint, render } };
    }
}
