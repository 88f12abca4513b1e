using System.Globalization;
using KioskRuntime.Sync.Rackbeat;

namespace KioskRuntime.Daemon;

/// <summary>
/// kioskd's Rackbeat settings (section <c>Kiosk:Rackbeat</c>, switches <c>--rackbeat*</c>). Setting <see cref="Url"/> makes Rackbeat
/// the kiosk's upstream instead of a contract back office. The token comes from the systemd credential <c>rackbeat-token</c>; from
/// configuration only when <see cref="Url"/> is loopback (the simulator).
/// </summary>
internal sealed class RackbeatSettings
{
    public string? Url { get; set; }

    public string? Token { get; set; }

    public string? ConsumerName { get; set; }

    public string? ConsumerContact { get; set; }

    public int Customer { get; set; }

    public string Location { get; set; } = "1";

    /// <summary><c>shipment</c> (default) or <c>invoice</c>: must match the account's "Inventory value associated with invoicing".</summary>
    public string StockMode { get; set; } = "shipment";

    public int? KioskRefField { get; set; }

    /// <summary>Kiosk adjustment reason → the account's adjustment category (<c>Kiosk:Rackbeat:Reasons:damage=Waste</c>).</summary>
    public Dictionary<string, string> Reasons { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Unit ids meaning kilograms, for accounts whose products carry <c>unit</c> as an id (<c>Kiosk:Rackbeat:KgUnitIds:0=3</c>).</summary>
    public List<string> KgUnitIds { get; set; } = [];

    /// <summary>Whether <see cref="Token"/> was read from the systemd credential.</summary>
    public bool TokenFromCredential { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    public IEnumerable<string> Validate()
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            yield return $"Kiosk:Rackbeat:Url '{Url}' must be https (http on loopback only, for the simulator).";
            yield break;
        }

        if (string.IsNullOrWhiteSpace(Token))
        {
            yield return "Kiosk:Rackbeat token missing: the systemd credential 'rackbeat-token' (LoadCredential=rackbeat-token:…).";
        }
        else if (!TokenFromCredential && !uri.IsLoopback)
        {
            yield return "Kiosk:Rackbeat:Token may only come from configuration for a loopback URL; a real account's token comes from the systemd credential 'rackbeat-token'.";
        }

        if (StockMode is not ("shipment" or "invoice"))
        {
            yield return $"Kiosk:Rackbeat:StockMode '{StockMode}' must be shipment or invoice.";
        }

        foreach (var problem in ToOptions("k", new Uri("https://x/")).Validate())
        {
            if (!problem.StartsWith("KioskId", StringComparison.Ordinal) && !problem.StartsWith("Token", StringComparison.Ordinal))
            {
                yield return "Kiosk:Rackbeat:" + problem;
            }
        }
    }

    /// <summary>
    /// The adapter's options. Adjustment categories: <see cref="Reasons"/> (kioskd configuration, an override per reason) first, then
    /// the hardware profile's <c>adjustmentCategories</c> (<paramref name="profileCategories"/>), then the defaults.
    /// </summary>
    public RackbeatOptions ToOptions(string kioskId, Uri? baseUrl = null, IReadOnlyDictionary<string, string>? profileCategories = null) => new()
    {
        BaseUrl = baseUrl ?? new Uri(Url!.EndsWith('/') ? Url : Url + "/"),
        Token = Token ?? "",
        ConsumerName = ConsumerName ?? "",
        ConsumerContact = ConsumerContact ?? "",
        KioskId = kioskId,
        CustomerNumber = Customer,
        LocationNumber = Location,
        StockMode = StockMode == "invoice" ? RackbeatStockMode.Invoice : RackbeatStockMode.Shipment,
        KioskRefFieldId = KioskRefField,
        KgUnitIds = KgUnitIds,
        Reasons = Layered(Reasons, profileCategories ?? new Dictionary<string, string>(), RackbeatOptions.DefaultReasons),
    };

    private static Dictionary<string, string> Layered(params IReadOnlyDictionary<string, string>[] layers)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (reason, category) in layers.SelectMany(l => l))
        {
            merged.TryAdd(reason, category);
        }

        return merged;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Rackbeat {Url} (customer {Customer}, location {Location}, stock on {StockMode})");
}
