using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using KioskRuntime.Control;

namespace KioskRuntime.Cli;

/// <summary>The command tree. Commands that act go through the running kioskd; journal inspection works with or without it.</summary>
internal static partial class Commands
{
    public static IEnumerable<Command> All(CommandContext c)
    {
        yield return Status(c);
        yield return Devices(c);
        yield return Scan(c);
        yield return Simple(c, "checkout", "Check out the cart: pay, journal the sale, print the receipt. Exit 0 only once the sale is durably journaled.", "checkout");
        yield return Simple(c, "cancel", "Clear the cart.", "cancel");
        yield return Stock(c);
        yield return Door(c);
        yield return Staff(c);
        yield return Profile(c);
        yield return Journal(c);
        yield return Sync(c);
        yield return Receipt(c);
        yield return Saft(c);
        yield return Printer(c);
        yield return Debug(c);
        yield return Rackbeat(c);
    }

    private static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of text" };

    private static Command Status(CommandContext c)
    {
        var json = JsonOption();
        var cmd = new Command("status", "Show the kiosk's state: journal, back office link, devices, cart.") { Options = { json } };
        cmd.SetAction(async (parse, ct) => await CallAsync(c, parse, "status", null, parse.GetValue(json), StatusText.Render, ct).ConfigureAwait(false));
        return cmd;
    }


    private static Command Scan(CommandContext c)
    {
        var code = new Argument<string>("code") { Description = "The barcode data, as a scanner would deliver it" };
        var aim = new Option<string?>("--aim") { Description = "AIM symbology identifier, e.g. ]E0 or ]C1" };
        var cmd = new Command("scan", "Feed a barcode to the sale pipeline, as if scanned.") { Arguments = { code }, Options = { aim } };
        cmd.SetAction(async (parse, ct) => await CallAsync(
            c, parse, "scan", new JsonObject { ["code"] = parse.GetValue(code), ["aim"] = parse.GetValue(aim) }, false, r => r?["message"]?.ToString() ?? "", ct).ConfigureAwait(false));
        return cmd;
    }

    private static Command Stock(CommandContext c)
    {
        var gtin = new Argument<string>("gtin") { Description = "GTIN-14 of the product" };
        var json = JsonOption();
        var cmd = new Command("stock", "Stock of a product: live from the back office when online, else the local copy (marked so).")
        {
            Arguments = { gtin }, Options = { json }, Subcommands = { StockAdjust(c) },
        };
        cmd.SetAction(async (parse, ct) => await CallAsync(
            c, parse, "stock", new JsonObject { ["gtin"] = parse.GetValue(gtin) }, parse.GetValue(json),
            r => $"{r?["gtin"]}: {r?["stock"]} ({((bool?)r?["live"] == true ? "live from the back office" : "local copy, back office unreachable")}, as of {r?["asOf"]})", ct).ConfigureAwait(false));
        return cmd;
    }

    private static Command Simple(CommandContext c, string name, string description, string command)
    {
        var cmd = new Command(name, description);
        cmd.SetAction(async (parse, ct) => await CallAsync(c, parse, command, null, false, r => r?["message"]?.ToString() ?? "ok", ct).ConfigureAwait(false));
        return cmd;
    }

    private static Command Printer(CommandContext c)
    {
        var json = JsonOption();
        var test = new Command("test", "Print a test page through kioskd: one line per code table the profile's printer model claims, with the Nordic letters in it.") { Options = { json } };
        test.SetAction(async (parse, ct) => await CallAsync(
            c, parse, "printer.test", null, parse.GetValue(json),
            r => $"{r?["printer"]}: test page printed with code tables {string.Join(", ", (r?["codeTables"] as JsonArray ?? []).Select(t => t?.ToString()))}: check each line shows æøå ÆØÅ € (a '?' or wrong letter means the printer lacks that table)",
            ct).ConfigureAwait(false));
        return new Command("printer", "The receipt printer.") { Subcommands = { test } };
    }

    private static Command Debug(CommandContext c)
    {
        var seconds = new Option<int>("--seconds") { Description = "How long to stall", DefaultValueFactory = _ => 3600 };
        var stall = new Command("stall", "Stall the sale pipeline so that watchdog pings stop (root only; tests: the kioskd test host with KIOSK_ENABLE_FAULTS=1).") { Options = { seconds } };
        stall.SetAction(async (parse, ct) => await CallAsync(c, parse, "debug.stall", new JsonObject { ["seconds"] = parse.GetValue(seconds) }, false, r => r?.ToString() ?? "", ct).ConfigureAwait(false));
        return new Command("debug", "Fault injection for technicians and system tests.") { Subcommands = { stall } };
    }

    /// <summary>Sends a command to kioskd and prints the answer. Exit 0 on success, 1 when refused or kioskd is not running, 2 on usage.</summary>
    internal static async Task<int> CallAsync(CommandContext c, ParseResult parse, string command, JsonObject? args, bool json, Func<JsonNode?, string> text, CancellationToken ct)
    {
        var client = new ControlClient(DataDirectory.SocketPath(c.ResolveDataDir(parse)));
        ControlResponse response;
        try
        {
            response = await client.SendAsync(command, args, ct).ConfigureAwait(false);
        }
        catch (KioskdNotRunningException e)
        {
            await c.Error.WriteLineAsync($"kioskctl: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Refused;
        }

        if (json)
        {
            await c.Output.WriteLineAsync((response.Result ?? JsonValue.Create(response.Error))?.ToJsonString(Pretty)).ConfigureAwait(false);
        }
        else if (response.Ok == true)
        {
            await c.Output.WriteLineAsync(text(response.Result)).ConfigureAwait(false);
        }

        if (response.Ok != true)
        {
            await c.Error.WriteLineAsync($"kioskctl: {command}: {response.Error}").ConfigureAwait(false);
            return response.ErrorKind == ControlErrorKind.Usage ? ExitCodes.Usage : ExitCodes.Refused;
        }

        return ExitCodes.Ok;
    }

    internal static readonly JsonSerializerOptions Pretty = new(ControlProtocol.Json) { WriteIndented = true };
}
