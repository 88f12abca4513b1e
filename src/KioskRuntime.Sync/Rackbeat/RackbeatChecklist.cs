using System.Globalization;
using System.Text.Json.Nodes;
using KioskRuntime.Sync.Http;

namespace KioskRuntime.Sync.Rackbeat;

/// <summary>
/// The sandbox checklist of docs/rackbeat.md run against an account: it sells one unit of <c>item</c> to the walk-in customer through
/// the whole sale sequence (reading on-hand after each step), credits it with the reversal flag, adjusts +1 and back, and tries the
/// unconfirmed shapes (decimal quantity, client-chosen number, search and field_eq coverage). Net stock change: zero when every step
/// behaves as assumed. Meant for a sandbox or a test item. Not thread-safe; one run at a time.
/// </summary>
public sealed partial class RackbeatChecklist
{
    private readonly RackbeatClient _client;
    private readonly RackbeatOptions _options;
    private readonly TimeProvider _time;
    private readonly List<RackbeatCheck> _checks = [];

    public RackbeatChecklist(HttpClient http, RackbeatOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time;
        _client = new RackbeatClient(http, options, time);
    }

    /// <summary>Runs every check with <paramref name="item"/> (an item number with stock at the configured location).</summary>
    public async Task<IReadOnlyList<RackbeatCheck>> RunAsync(string item, CancellationToken ct)
    {
        _checks.Clear();
        var reference = "KRT-check-" + _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        if (!await ListsAsync(ct).ConfigureAwait(false))
        {
            return _checks;
        }

        var before = await OnHandAsync(item, ct).ConfigureAwait(false);
        if (before is null)
        {
            Add($"item {item} at location {_options.LocationNumber}", "unknown", "GET products/{item}/locations gave no stock_quantity for that location: choose an item stocked there");
            return _checks;
        }

        var order = await SaleSequenceAsync(item, before.Value, reference, ct).ConfigureAwait(false);
        if (order is { Invoice: { } invoice })
        {
            await CreditNoteAsync(item, invoice, ct).ConfigureAwait(false);
        }

        await LookupsAsync(order?.Number, reference, ct).ConfigureAwait(false);
        await AdjustmentAsync(item, ct).ConfigureAwait(false);
        await UnconfirmedShapesAsync(item, ct).ConfigureAwait(false);
        Add("429 carries Retry-After", "unknown", "not provoked by the checklist (it would need a burst); the kiosk honours it when present and backs off when not");
        return _checks;
    }

    private async Task<bool> ListsAsync(CancellationToken ct)
    {
        var reply = await _client.GetAsync("products?limit=2", ct).ConfigureAwait(false);
        if (reply is not UpstreamReply.Answered { Code: 200 or 206 } ok)
        {
            Add("token, consumer headers, GET products", "differs", Describe(reply));
            return false;
        }

        var node = JsonNode.Parse(ok.Body);
        var shaped = node?["products"] is JsonArray && node["pages"] is not null && node["limit"] is not null;
        Add("lists answer 206 with products[], pages, limit, page", ok.Code == 206 && shaped ? "ok" : "differs",
            $"{ok.Code}, keys {string.Join(", ", (node as JsonObject)?.Select(p => p.Key) ?? [])}");
        return true;
    }

    private async Task<decimal?> OnHandAsync(string item, CancellationToken ct)
    {
        var reply = await _client.GetAsync($"products/{Uri.EscapeDataString(item)}/locations?limit=1000", ct).ConfigureAwait(false);
        return reply is UpstreamReply.Answered { Code: 200 or 206 } ok
               && (JsonNode.Parse(ok.Body)?["product_locations"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(l => l["number"]?.ToString() == _options.LocationNumber) is { } location
               && location["stock_quantity"] is JsonValue v && v.TryGetValue<decimal>(out var q)
            ? q
            : null;
    }

    private void Add(string question, string verdict, string answer) => _checks.Add(new RackbeatCheck(question, verdict, answer));

    private static string Describe(UpstreamReply reply) => reply switch
    {
        UpstreamReply.Answered a => RackbeatClient.Reason(a),
        UpstreamReply.Unreachable u => u.Reason,
        _ => "?",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
