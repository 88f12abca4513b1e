using System.Globalization;
using System.Net;
using KioskRuntime.Contract;
using KioskRuntime.Domain;
using KioskRuntime.Journal;
using KioskRuntime.Sync.Catalog;
using KioskRuntime.Sync.Contract;
using KioskRuntime.Sync.Http;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Sync;

/// <summary>
/// Stock of one product: live from the back office when it answers (its figure plus this kiosk's events it has not received yet),
/// else the local copy, and the answer says which (<see cref="StockAnswer.Live"/>). Negative stock is reported, never refused.
/// Thread-safe.
/// </summary>
public sealed class StockLookup
{
    /// <summary>A live check is for a customer at the screen: it gives up sooner than a push.</summary>
    private static readonly TimeSpan LiveTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Beyond this many undelivered events the back office's figure lags too far behind to be corrected quickly at the screen
    /// (the correction streams the pending events); the local copy, which already counts them, is answered instead.
    /// </summary>
    internal const long MaxPendingScan = 2_000;

    private readonly KioskJournal _journal;
    private readonly UpstreamHttp _http;
    private readonly UpstreamOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<StockLookup> _logger;

    public StockLookup(KioskJournal journal, HttpClient http, UpstreamOptions options, TimeProvider time, ILogger<StockLookup> logger)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        options.EnsureValid();
        _journal = journal;
        _http = new UpstreamHttp(http, options, time);
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <exception cref="ArgumentException"><paramref name="gtin14"/> is not 14 digits with a valid check digit.</exception>
    /// <exception cref="UnknownProductException">Neither the back office nor the local catalog knows the product.</exception>
    public async Task<StockAnswer> GetAsync(string gtin14, CancellationToken ct)
    {
        if (!ContractGtin.IsValid(gtin14, out var problem))
        {
            throw new ArgumentException($"Not a GTIN-14: {problem}.", nameof(gtin14));
        }

        var timeout = _options.RequestTimeout < LiveTimeout ? _options.RequestTimeout : LiveTimeout;
        var reply = await _http.GetAsync(_options.StockUri(gtin14), null, timeout, ct).ConfigureAwait(false);
        string why;
        switch (reply)
        {
            case UpstreamReply.Answered { Status: HttpStatusCode.OK } ok when TryReadStock(ok.Body, gtin14, out var upstream, out var asOf, out _):
                if (PendingDelta(gtin14) is not { } pending)
                {
                    why = "too many events not yet delivered to correct the back office's figure";
                    break;
                }

                var adjusted = upstream + pending;
                return new StockAnswer(gtin14, adjusted, Live: true, asOf ?? _time.GetUtcNow(), adjusted < 0);
            case UpstreamReply.Answered { Status: HttpStatusCode.OK } bad:
                why = "stock answer: " + (TryReadStock(bad.Body, gtin14, out _, out _, out var e) ? "" : e);
                break;
            case UpstreamReply.Answered { Status: HttpStatusCode.NotFound }:
                why = "the back office does not know the product";
                break;
            default:
                why = CatalogSync.Describe(reply);
                break;
        }

        _logger.LogDebug("Live stock for {Gtin} unavailable ({Why}); answering from the local copy", gtin14, why);
        return Local(gtin14) ?? throw new UnknownProductException(gtin14, why);
    }

    private StockAnswer? Local(string gtin)
    {
        if (_journal.GetState<StockDocument>(SyncCollections.Stock, gtin) is { } stock)
        {
            return new StockAnswer(gtin, stock.Quantity, Live: false, stock.UpdatedAt, stock.Quantity < 0);
        }

        if (_journal.GetState<CatalogDocument>(SyncCollections.Catalog, gtin) is { } product
            && ContractDecimal.TryParseSigned(product.UpstreamStock, out var quantity))
        {
            var pulledAt = _journal.GetState<CatalogMetaDocument>(SyncCollections.Meta, SyncCollections.CatalogMetaKey)?.PulledAt ?? DateTimeOffset.MinValue;
            return new StockAnswer(gtin, quantity, Live: false, pulledAt, quantity < 0);
        }

        return null;
    }

    /// <summary>This kiosk's stock changes the back office has not received yet (events after the delivery cursor); null if too many.</summary>
    private decimal? PendingDelta(string gtin)
    {
        var delivered = _journal.GetState<DeliveryCursorDocument>(SyncCollections.Delivery, SyncCollections.CursorKey)?.DeliveredSeq ?? 0;
        var pending = _journal.LastSeq - delivered;
        if (pending <= 0)
        {
            return 0;
        }

        if (pending > MaxPendingScan)
        {
            return null;
        }

        return StockDeltas.After(_journal, delivered, gtin).For(gtin);
    }

    private static bool TryReadStock(byte[] body, string gtin, out decimal stock, out DateTimeOffset? asOf, out string? error)
    {
        stock = 0;
        asOf = null;
        if (!ContractAnswers.TryParse(body, out var doc, out error))
        {
            return false;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (ContractAnswers.String(root, "gtin") is { } answered && answered != gtin)
            {
                error = $"gtin: asked for {gtin}, answered {answered}";
                return false;
            }

            if (!ContractDecimal.TryParseSigned(ContractAnswers.String(root, "stock"), out stock))
            {
                error = "stock: missing or not a decimal string";
                return false;
            }

            if (ContractAnswers.String(root, "asOf") is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
                {
                    error = $"asOf: \"{text}\" is not an RFC 3339 time";
                    return false;
                }

                asOf = parsed;
            }

            return true;
        }
    }
}

/// <summary>A stock answer. <see cref="Live"/> is false when it comes from the kiosk's local copy (back office unreachable).</summary>
public sealed record StockAnswer(string Gtin, decimal Stock, bool Live, DateTimeOffset AsOf, bool Negative);

/// <summary>Neither the back office nor the local catalog knows the product.</summary>
public sealed class UnknownProductException : Exception
{
    public UnknownProductException(string gtin, string upstreamAnswer)
        : base($"No product with GTIN {gtin}: not in the local catalog, and the back office's answer was: {upstreamAnswer}.")
    {
        Gtin = gtin;
    }

    public string Gtin { get; }
}
