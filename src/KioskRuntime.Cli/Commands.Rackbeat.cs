using System.CommandLine;
using System.Text.Json;
using KioskRuntime.Sync.Rackbeat;

namespace KioskRuntime.Cli;

internal static partial class Commands
{
    /// <summary><c>kioskctl rackbeat check</c>: the sandbox checklist of docs/rackbeat.md against a Rackbeat account (no kioskd needed).</summary>
    private static Command Rackbeat(CommandContext c)
    {
        var url = new Option<string>("--url") { Description = "Rackbeat API root", DefaultValueFactory = _ => "https://app.rackbeat.com/api/" };
        var tokenFile = new Option<string?>("--token-file") { Description = "File holding the token (default: $CREDENTIALS_DIRECTORY/rackbeat-token, else $RACKBEAT_TOKEN)" };
        var item = new Option<string>("--item") { Description = "Item number to test with (stocked at the location; net change zero)", Required = true };
        var customer = new Option<int>("--customer") { Description = "Walk-in customer number", Required = true };
        var location = new Option<string>("--location") { Description = "Location number", DefaultValueFactory = _ => "1" };
        var mode = new Option<string>("--stock-mode") { Description = "shipment or invoice (what the kiosk will be configured with)", DefaultValueFactory = _ => "shipment" };
        var name = new Option<string>("--consumer-name") { Description = "Consumer-Name header", Required = true };
        var contact = new Option<string>("--consumer-contact") { Description = "Consumer-Contact header (e-mail)", Required = true };
        var field = new Option<int?>("--kiosk-ref-field") { Description = "Id of the order custom field KioskRef (Premium)" };
        var json = JsonOption();
        var check = new Command("check", "Run the sandbox checklist against a Rackbeat account and report each answer. Creates one order (invoiced, then credited) and two adjustments (+1, back).")
        {
            Options = { url, tokenFile, item, customer, location, mode, name, contact, field, json },
        };
        check.SetAction(async (parse, ct) =>
        {
            var token = ReadToken(parse.GetValue(tokenFile));
            if (token is null)
            {
                await c.Error.WriteLineAsync("kioskctl rackbeat check: no token: --token-file, the credential rackbeat-token, or $RACKBEAT_TOKEN").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var options = new RackbeatOptions
            {
                BaseUrl = new Uri(parse.GetValue(url)!),
                Token = token,
                ConsumerName = parse.GetValue(name)!,
                ConsumerContact = parse.GetValue(contact)!,
                KioskId = "kioskctl-check",
                CustomerNumber = parse.GetValue(customer),
                LocationNumber = parse.GetValue(location)!,
                StockMode = parse.GetValue(mode) == "invoice" ? RackbeatStockMode.Invoice : RackbeatStockMode.Shipment,
                KioskRefFieldId = parse.GetValue(field),
                RequestTimeout = TimeSpan.FromSeconds(20),
            };
            if (options.Validate() is { Count: > 0 } problems)
            {
                await c.Error.WriteLineAsync("kioskctl rackbeat check: " + string.Join("; ", problems)).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var checks = await new RackbeatChecklist(http, options, TimeProvider.System).RunAsync(parse.GetValue(item)!, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await c.Output.WriteLineAsync(JsonSerializer.Serialize(checks, new JsonSerializerOptions(JsonSerializerDefaults.Web))).ConfigureAwait(false);
            }
            else
            {
                foreach (var answer in checks)
                {
                    await c.Output.WriteLineAsync($"{answer.Verdict,-8} {answer.Question}\n         {answer.Answer}").ConfigureAwait(false);
                }
            }

            return checks.Any(x => x.Verdict == "differs") ? ExitCodes.Refused : ExitCodes.Ok;
        });
        return new Command("rackbeat", "Rackbeat: check an account against the kiosk's assumptions.") { Subcommands = { check } };
    }

    private static string? ReadToken(string? file)
    {
        var path = file ?? (Environment.GetEnvironmentVariable("CREDENTIALS_DIRECTORY") is { Length: > 0 } dir ? Path.Combine(dir, "rackbeat-token") : null);
        return path is not null && File.Exists(path) ? File.ReadAllText(path).Trim()
            : Environment.GetEnvironmentVariable("RACKBEAT_TOKEN") is { Length: > 0 } env ? env.Trim() : null;
    }
}
