using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using KioskRuntime.Devices;

namespace KioskRuntime.Cli;

internal static partial class Commands
{
    private static Command StockAdjust(CommandContext c)
    {
        var gtin = new Argument<string>("gtin") { Description = "GTIN of the product" };
        var delta = new Argument<string>("delta") { Description = "Signed quantity, e.g. 12 (received) or -1 (damaged)" };
        var reason = new Option<string>("--reason") { Description = "count, damage, theft, received or other", Required = true };
        var staff = new Option<string>("--staff") { Description = "Who made the adjustment (staff id)", Required = true };
        var cmd = new Command("adjust", "Journal a stock adjustment (sent upstream as a stock-adjustment event).") { Arguments = { gtin, delta }, Options = { reason, staff } };
        cmd.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(delta)!;
            if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var quantity))
            {
                await c.Error.WriteLineAsync($"kioskctl: stock adjust: '{text}' is not a quantity like 12 or -1.5").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            return await CallAsync(
                c, parse, "stock.adjust",
                new JsonObject { ["gtin"] = parse.GetValue(gtin), ["delta"] = quantity, ["reason"] = parse.GetValue(reason), ["staffId"] = parse.GetValue(staff) },
                false, r => r?["message"]?.ToString() ?? "ok", ct).ConfigureAwait(false);
        });
        return cmd;
    }

    private static Command Door(CommandContext c)
    {
        var reason = new Option<string>("--reason") { Description = "Why (journaled with your user id), e.g. \"restocking\"", Required = true };
        var seconds = new Option<int?>("--seconds") { Description = "How long it stays unlocked (the lock's default when left out; capped by its maximum)" };
        var unlock = new Command("unlock", "Unlock the door lock for a staff action; journaled before the lock is driven.") { Options = { reason, seconds } };
        unlock.SetAction(async (parse, ct) => await CallAsync(
            c, parse, "door.unlock", new JsonObject { ["reason"] = parse.GetValue(reason), ["seconds"] = parse.GetValue(seconds) },
            false, r => r?["message"]?.ToString() ?? "ok", ct).ConfigureAwait(false));
        return new Command("door", "The door lock.") { Subcommands = { unlock } };
    }

    private static Command Staff(CommandContext c)
    {
        var uid = new Argument<string>("uid") { Description = "The card's UID in hex (4, 7 or 10 bytes), as a phone's NFC app shows it" };
        var saltFile = new Option<string?>("--salt-file") { Description = "The kiosk's UID salt file (the card reader's uidSaltFile)" };
        var salt = new Option<string?>("--salt") { Description = "The card reader's inline salt (simulated profiles only)" };
        var hash = new Command("card-hash", "Print the salted hash of a card UID, for the profile's staff list (the UID itself is never stored).")
        {
            Arguments = { uid }, Options = { saltFile, salt },
        };
        hash.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(saltFile);
            var inline = parse.GetValue(salt);
            if ((file is null) == (inline is null))
            {
                await c.Error.WriteLineAsync("kioskctl: staff card-hash: give exactly one of --salt-file or --salt").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            try
            {
                var hasher = file is not null ? CardUidHasher.FromFile(file) : new CardUidHasher(Encoding.UTF8.GetBytes(inline!));
                var bytes = Convert.FromHexString(parse.GetValue(uid)!.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal));
                await c.Output.WriteLineAsync(hasher.Hash(bytes).Hex).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is FormatException or ArgumentException or IOException or UnauthorizedAccessException)
            {
                await c.Error.WriteLineAsync($"kioskctl: staff card-hash: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }
        });
        return new Command("staff", "Staff cards.") { Subcommands = { hash } };
    }
}
