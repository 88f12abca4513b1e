using System.Globalization;
using System.Net;
using KioskRuntime.Domain;
using KioskRuntime.Journal;
using KioskRuntime.Sync.Catalog;
using KioskRuntime.Sync.Contract;
using KioskRuntime.Sync.Http;
using KioskRuntime.Sync.Replay;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Sync;

/// <summary>
/// Pulls the catalog (ETag / If-None-Match) into the journal database and re-bases local stock on the back office's figures:
/// local stock = upstream stock + the stock deltas of the journal events the back office had not applied (seq &gt; its lastSeq,
/// read from its cursor before and after the catalog so that the two agree), so offline sales are neither counted twice nor lost.
/// Thread safety: pulls are serialised; <see cref="RunAsync"/> is called once.
/// </summary>
public sealed class CatalogSync
{
    private const int CursorAttempts = 4;
    private const int RebaseAttempts = 5;

    private readonly KioskJournal _journal;
    private readonly UpstreamHttp _http;
    private readonly UpstreamOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CatalogSync> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Func<double> _random;

    public CatalogSync(KioskJournal journal, HttpClient http, UpstreamOptions options, TimeProvider time, ILogger<CatalogSync> logger)
        : this(journal, http, options, time, logger, Random.Shared.NextDouble)
    {
    }

    internal CatalogSync(KioskJournal journal, HttpClient http, UpstreamOptions options, TimeProvider time, ILogger<CatalogSync> logger, Func<double> random)
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
        _random = random;
    }

    /// <summary>Raised (on the pulling thread) after a new catalog is stored.</summary>
    public event Action? CatalogChanged;

    /// <summary>Pulls at once, then every <see cref="UpstreamOptions.CatalogInterval"/>; after a failure, retries sooner with backoff.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var backoff = new Backoff(_options.BackoffBase, Min(_options.BackoffCap, _options.CatalogInterval), _random);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var result = await PullAsync(stoppingToken).ConfigureAwait(false);
                TimeSpan wait;
                if (result.Outcome == CatalogPullOutcome.Failed)
                {
                    wait = backoff.Next();
                }
                else
                {
                    backoff.Reset();
                    wait = _options.CatalogInterval;
                }

                await Task.Delay(wait, _time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pull. Never throws for network or upstream faults (they come back as <see cref="CatalogPullOutcome.Failed"/>).</summary>
    public async Task<CatalogPullResult> PullAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await PullCoreAsync(ct).ConfigureAwait(false);
        }
        catch (JournalUnavailableException ex)
        {
            return Fail($"the journal cannot store the catalog: {ex.Reason}");
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<CatalogPullResult> PullCoreAsync(CancellationToken ct)
    {
        var meta = _journal.GetState<CatalogMetaDocument>(SyncCollections.Meta, SyncCollections.CatalogMetaKey);
        for (var attempt = 0; attempt < CursorAttempts; attempt++)
        {
            var before = await CursorAsync(ct).ConfigureAwait(false);
            if (before.Error is not null)
            {
                return Fail(before.Error);
            }

            var reply = await _http.GetAsync(_options.CatalogUri, meta?.ETag, _options.RequestTimeout, ct).ConfigureAwait(false);
            if (reply is UpstreamReply.Answered { Status: HttpStatusCode.NotModified })
            {
                return new CatalogPullResult(CatalogPullOutcome.NotModified, meta?.Version, meta?.Products ?? 0, [], meta?.UpstreamLastSeq, null, _time.GetUtcNow());
            }

            if (reply is not UpstreamReply.Answered { Status: HttpStatusCode.OK } ok)
            {
                return Fail("catalog: " + Describe(reply));
            }

            if (!CatalogAnswer.TryRead(ok.Body, out var answer, out var error))
            {
                return Fail("catalog answer: " + error);
            }

            var after = await CursorAsync(ct).ConfigureAwait(false);
            if (after.Error is not null)
            {
                return Fail(after.Error);
            }

            if (after.LastSeq != before.LastSeq)
            {
                _logger.LogDebug("Catalog pull raced with a push (cursor {Before} → {After}); reading again", before.LastSeq, after.LastSeq);
                continue;
            }

            return await StoreAsync(answer, ok.ETag, after.LastSeq, ct).ConfigureAwait(false);
        }

        return Fail(string.Create(CultureInfo.InvariantCulture, $"the back office's cursor kept moving during {CursorAttempts} catalog reads; trying later"));
    }

    private async Task<CatalogPullResult> StoreAsync(CatalogAnswer answer, string? etag, long upstreamLastSeq, CancellationToken ct)
    {
        foreach (var problem in answer.Skipped)
        {
            _logger.LogWarning("Catalog {Version}: product left out: {Problem}", answer.Version, problem);
        }

        if (upstreamLastSeq > _journal.LastSeq)
        {
            _logger.LogError("The back office holds seq up to {Upstream} but this journal ends at {Last}: a fork; local stock is set to the back office's figures",
                upstreamLastSeq, _journal.LastSeq);
        }

        // Re-base until no event was journaled between reading the deltas and committing: then the stored figures are exact.
        for (var attempt = 0; attempt < RebaseAttempts; attempt++)
        {
            var deltas = StockDeltas.After(_journal, upstreamLastSeq);
            var at = _time.GetUtcNow();
            await _journal.CommitAsync(new JournalWrite([], (state, _) => Replace(state, answer, deltas, etag, upstreamLastSeq, at)), ct).ConfigureAwait(false);
            if (_journal.LastSeq <= deltas.ThroughSeq)
            {
                _logger.LogInformation("Catalog {Version} stored: {Products} products ({Skipped} left out), stock re-based on back-office seq {Seq} + {Pending} local event(s)",
                    answer.Version, answer.Products.Count, answer.Skipped.Count, upstreamLastSeq, Math.Max(0, deltas.ThroughSeq - upstreamLastSeq));
                CatalogChanged?.Invoke();
                return new CatalogPullResult(CatalogPullOutcome.Updated, answer.Version, answer.Products.Count, answer.Skipped, upstreamLastSeq, null, at);
            }
        }

        CatalogChanged?.Invoke();
        return Fail(string.Create(CultureInfo.InvariantCulture,
            $"catalog {answer.Version} stored, but sales kept arriving during {RebaseAttempts} stock re-bases; local stock is re-based again at the next pull"));
    }

    private static void Replace(IJournalState state, CatalogAnswer answer, StockDeltas deltas, string? etag, long upstreamLastSeq, DateTimeOffset at)
    {
        var keep = new HashSet<string>(answer.Products.Select(p => p.Document.Gtin), StringComparer.Ordinal);
        foreach (var old in state.All<CatalogDocument>(SyncCollections.Catalog).ToList())
        {
            if (!keep.Contains(old.Gtin))
            {
                state.Delete(SyncCollections.Catalog, old.Gtin);
                state.Delete(SyncCollections.Stock, old.Gtin);
            }
        }

        foreach (var product in answer.Products)
        {
            var gtin = product.Document.Gtin;
            state.Put(SyncCollections.Catalog, gtin, product.Document);
            state.Put(SyncCollections.Stock, gtin, new StockDocument { Gtin = gtin, Quantity = SaturatingSum(product.UpstreamStock, deltas.For(gtin)), UpdatedAt = at });
        }

        state.Put(SyncCollections.Meta, SyncCollections.CatalogMetaKey, new CatalogMetaDocument
        {
            Version = answer.Version,
            ETag = etag,
            PulledAt = at,
            UpstreamLastSeq = upstreamLastSeq,
            Products = answer.Products.Count,
        });
    }

    /// <summary>The back office's figure plus the local deltas; never throws (the figures are range-checked, the deltas are journal sums).</summary>
    private static decimal SaturatingSum(decimal upstream, decimal local)
    {
        try
        {
            return upstream + local;
        }
        catch (OverflowException)
        {
            return local > 0 ? decimal.MaxValue : decimal.MinValue;
        }
    }

    private async Task<(long LastSeq, string? Error)> CursorAsync(CancellationToken ct)
    {
        var reply = await _http.GetAsync(_options.CursorUri, null, _options.RequestTimeout, ct).ConfigureAwait(false);
        if (reply is not UpstreamReply.Answered { Status: HttpStatusCode.OK } ok)
        {
            return (0, "cursor: " + Describe(reply));
        }

        return ContractAnswers.TryReadCursor(ok.Body, out var cursor, out var error) ? (cursor.LastSeq, null) : (0, "cursor answer: " + error);
    }

    private CatalogPullResult Fail(string error)
    {
        _logger.LogWarning("Catalog pull failed: {Error}", error);
        var meta = _journal.GetState<CatalogMetaDocument>(SyncCollections.Meta, SyncCollections.CatalogMetaKey);
        return new CatalogPullResult(CatalogPullOutcome.Failed, meta?.Version, meta?.Products ?? 0, [], meta?.UpstreamLastSeq, error, _time.GetUtcNow());
    }

    internal static string Describe(UpstreamReply reply) => reply switch
    {
        UpstreamReply.Unreachable u => u.Reason,
        UpstreamReply.Answered a => string.Create(CultureInfo.InvariantCulture, $"{a.Code} {ContractAnswers.ReadError(a.Body).Error} {ContractAnswers.ReadError(a.Body).Reason}").TrimEnd(),
        _ => "unknown reply",
    };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
