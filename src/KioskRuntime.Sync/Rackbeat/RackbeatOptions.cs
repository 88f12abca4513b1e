using System.Globalization;

namespace KioskRuntime.Sync.Rackbeat;

/// <summary>How the Rackbeat adapter reaches a Rackbeat account. Immutable; <see cref="Validate"/> names every problem.</summary>
public sealed record RackbeatOptions
{
    /// <summary>The laravel-rackbeat client's default budget (facts #23): a client habit, not a documented server limit.</summary>
    public const int ClientDefaultRequestsPerMinute = 480;

    /// <summary>The API root, <c>https://app.rackbeat.com/api/</c> in production.</summary>
    public Uri BaseUrl { get; init; } = new("https://app.rackbeat.com/api/");

    /// <summary>Bearer token of the Rackbeat account (in production only from the systemd credential <c>rackbeat-token</c>).</summary>
    public required string Token { get; init; }

    /// <summary>Who is calling: sent as <c>Consumer-Name</c> and in <c>User-Agent</c> (the official client refuses to run without it).</summary>
    public required string ConsumerName { get; init; }

    /// <summary>An e-mail address Rackbeat can reach the integrator at: <c>Consumer-Contact</c> and in <c>User-Agent</c>.</summary>
    public required string ConsumerContact { get; init; }

    /// <summary>The kiosk id; part of every heading written to Rackbeat.</summary>
    public required string KioskId { get; init; }

    /// <summary>The customer (Rackbeat customer number) that walk-in kiosk sales are booked to.</summary>
    public required int CustomerNumber { get; init; }

    /// <summary>The stock location (Rackbeat location number) the kiosk sells from and adjusts.</summary>
    public string LocationNumber { get; init; } = "1";

    /// <summary>The currency of the account's prices, as the kiosk's catalog states it.</summary>
    public string Currency { get; init; } = "NOK";

    /// <summary>Must match the account's "Inventory value associated with invoicing" setting.</summary>
    public RackbeatStockMode StockMode { get; init; } = RackbeatStockMode.Shipment;

    /// <summary>Id of an order custom field "KioskRef" (Premium accounts); null: the reference travels in the order's note only.</summary>
    public int? KioskRefFieldId { get; init; }

    /// <summary>Kiosk adjustment reasons → the account's adjustment category named at the start of the reason text (facts #14).</summary>
    public IReadOnlyDictionary<string, string> Reasons { get; init; } = DefaultReasons;

    /// <summary>GTIN-14 → Rackbeat item number. A GTIN without an entry uses the local catalog's SKU, else the GTIN itself.</summary>
    public IReadOnlyDictionary<string, string> ProductNumbers { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Ids (or numbers) of the account's units that mean kilograms, for answers that carry <c>unit</c> as an id (the 2018 schema,
    /// facts C5) rather than a name; a unit named kg is recognised without this.
    /// </summary>
    public IReadOnlyCollection<string> KgUnitIds { get; init; } = [];

    /// <summary>Request budget per minute (client side).</summary>
    public int RequestsPerMinute { get; init; } = ClientDefaultRequestsPerMinute;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public static IReadOnlyDictionary<string, string> DefaultReasons { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["damage"] = "Waste",
        ["theft"] = "Waste",
        ["expired"] = "Obsolescence",
        ["received"] = "Purchases",
        ["count"] = "Status",
        ["other"] = "Status",
    };

    /// <summary><c>User-Agent: Name (contact)</c>, as the official client sends it.</summary>
    public string UserAgent => $"{ConsumerName} ({ConsumerContact})";

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (BaseUrl is null || !BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttps && !(BaseUrl.Scheme == Uri.UriSchemeHttp && BaseUrl.IsLoopback)))
        {
            problems.Add($"BaseUrl: must be an absolute https address (http on loopback only), got \"{BaseUrl}\"");
        }

        if (string.IsNullOrWhiteSpace(Token) || Token.Any(char.IsWhiteSpace))
        {
            problems.Add("Token: missing or contains whitespace");
        }

        if (string.IsNullOrWhiteSpace(ConsumerName) || ConsumerName.Any(char.IsControl))
        {
            problems.Add("ConsumerName: missing (Rackbeat asks every integration to name itself; without it the IP may be restricted)");
        }

        if (string.IsNullOrWhiteSpace(ConsumerContact) || !ConsumerContact.Contains('@', StringComparison.Ordinal) || ConsumerContact.Any(char.IsWhiteSpace))
        {
            problems.Add($"ConsumerContact: must be an e-mail address, got \"{ConsumerContact}\"");
        }

        if (string.IsNullOrWhiteSpace(KioskId))
        {
            problems.Add("KioskId: missing");
        }

        if (CustomerNumber <= 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"CustomerNumber: must be a Rackbeat customer number above 0, got {CustomerNumber}"));
        }

        if (string.IsNullOrWhiteSpace(LocationNumber))
        {
            problems.Add("LocationNumber: missing");
        }

        if (KioskRefFieldId is <= 0)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"KioskRefFieldId: must be a custom field id above 0, got {KioskRefFieldId}"));
        }

        if (RequestsPerMinute is < 1 or > ClientDefaultRequestsPerMinute)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"RequestsPerMinute: must be 1 to {ClientDefaultRequestsPerMinute}, got {RequestsPerMinute}"));
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            problems.Add("RequestTimeout: must be above 0");
        }

        return problems;
    }

    internal Uri Resolve(string relative)
    {
        var root = BaseUrl.AbsoluteUri.EndsWith('/') ? BaseUrl : new Uri(BaseUrl.AbsoluteUri + "/");
        return new Uri(root, relative);
    }
}
