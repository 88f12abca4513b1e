using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KioskRuntime.Journal;
using KioskRuntime.Sync.Rackbeat;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Sync.Rackbeat;

/// <summary>
/// The upstream contract served in-process on top of Rackbeat: give it to the <see cref="ReplayEngine"/> as the handler of its
/// <see cref="HttpClient"/> (any base URL) and the engine's batching, backoff, dead letters and status work unchanged.
/// Each pushed event is mapped onto Rackbeat's API (mapping in <c>docs/rackbeat.md</c>) in seq order, one event at a time; its
/// progress is kept in the journal database (<c>rackbeat</c> collection) so that after an ambiguous outcome the reference is looked
/// up before anything is created again. Thread safety: pushes are serialised.
/// </summary>
public sealed partial class RackbeatUpstream : HttpMessageHandler
{
    private const string Collection = "rackbeat";
    private const string HeadKey = "head";

    private readonly KioskJournal _journal;
    private readonly RackbeatClient _rackbeat;
    private readonly RackbeatOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RackbeatUpstream> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <param name="rackbeatHttp">The client that reaches Rackbeat (its handler is injected in tests).</param>
    public RackbeatUpstream(KioskJournal journal, HttpClient rackbeatHttp, RackbeatOptions options, TimeProvider time, ILogger<RackbeatUpstream> logger)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(rackbeatHttp);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new UpstreamConfigurationException(problems);
        }

        _journal = journal;
        _rackbeat = new RackbeatClient(rackbeatHttp, options, time);
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Requests sent to Rackbeat so far.</summary>
    public int RackbeatRequests => _rackbeat.Requests;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.RequestUri?.AbsolutePath ?? "";
        if (request.Method == HttpMethod.Get && path.EndsWith("/cursor", StringComparison.Ordinal))
        {
            var head = Head();
            return Json(HttpStatusCode.OK, new JsonObject { ["lastSeq"] = head.LastSeq, ["lastHash"] = head.LastHash });
        }

        if (request.Method == HttpMethod.Get && path.EndsWith("/catalog", StringComparison.Ordinal))
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false); // the product cache is shared with nothing else, but one pull at a time
            try
            {
                return await CatalogAsync(request.Headers.IfNoneMatch.FirstOrDefault()?.ToString(), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }

        if (request.Method == HttpMethod.Get && path.EndsWith("/stock", StringComparison.Ordinal)
            && System.Web.HttpUtility.ParseQueryString(request.RequestUri!.Query)["gtin"] is { Length: > 0 } gtin)
        {
            return await StockAsync(gtin, cancellationToken).ConfigureAwait(false);
        }

        if (request.Method == HttpMethod.Post && path.EndsWith("/events", StringComparison.Ordinal) && request.Content is not null)
        {
            var body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await PushAsync(body, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }

        return Json(HttpStatusCode.NotFound, new JsonObject { ["error"] = "not-served", ["reason"] = $"the Rackbeat adapter serves push, cursor, catalog and stock only, not {request.Method} {path}" });
    }

    private async Task<HttpResponseMessage> PushAsync(byte[] body, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(body);
        var events = doc.RootElement.GetProperty("events");
        var head = Head();
        var results = new JsonArray();
        foreach (var e in events.EnumerateArray())
        {
            var seq = e.GetProperty("seq").GetInt64();
            var id = e.GetProperty("id").GetString() ?? "";
            var hash = e.GetProperty("hash").GetString() ?? "";
            if (seq <= head.LastSeq)
            {
                if (Record(seq)?.EventId is { Length: > 0 } known && !string.Equals(known, id, StringComparison.OrdinalIgnoreCase))
                {
                    return Json(HttpStatusCode.Conflict, new JsonObject { ["error"] = "fork", ["seq"] = seq });
                }

                results.Add(Result(seq, "duplicate", null));
                continue;
            }

            if (seq != head.LastSeq + 1)
            {
                return results.Count > 0 ? Accepted(head, results)
                    : Json(HttpStatusCode.Conflict, new JsonObject { ["error"] = "seq-gap", ["expectedSeq"] = head.LastSeq + 1 });
            }

            var outcome = await DeliverAsync(seq, id, e.GetProperty("type").GetString() ?? "", e.GetProperty("payload"), ct).ConfigureAwait(false);
            switch (outcome)
            {
                case Delivery.Retry retry:
                    if (results.Count > 0)
                    {
                        return Accepted(head, results);
                    }

                    var answer = Json(retry.Status, new JsonObject { ["error"] = "rackbeat", ["reason"] = retry.Why });
                    if (retry.After is { } after)
                    {
                        answer.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(after);
                    }

                    return answer;
                case Delivery.Refused refused:
                    head = await AdvanceAsync(seq, hash, ct).ConfigureAwait(false);
                    results.Add(Result(seq, "rejected", refused.Reason));
                    break;
                default:
                    head = await AdvanceAsync(seq, hash, ct).ConfigureAwait(false);
                    results.Add(Result(seq, "accepted", null));
                    break;
            }
        }

        return Accepted(head, results);
    }

    private RackbeatHeadDocument Head() => _journal.GetState<RackbeatHeadDocument>(Collection, HeadKey) ?? new RackbeatHeadDocument();

    private RackbeatEventDocument? Record(long seq) => _journal.GetState<RackbeatEventDocument>(Collection, SyncCollections.SeqKey(seq));

    private async Task SaveAsync(RackbeatEventDocument record, CancellationToken ct) =>
        await _journal.CommitAsync(new JournalWrite([], (state, _) => state.Put(Collection, SyncCollections.SeqKey(record.Seq), record)), ct).ConfigureAwait(false);

    private async Task<RackbeatHeadDocument> AdvanceAsync(long seq, string hash, CancellationToken ct)
    {
        var head = new RackbeatHeadDocument { LastSeq = seq, LastHash = hash };
        await _journal.CommitAsync(new JournalWrite([], (state, _) => state.Put(Collection, HeadKey, head)), ct).ConfigureAwait(false);
        return head;
    }

    private static JsonObject Result(long seq, string status, string? reason) => new() { ["seq"] = seq, ["status"] = status, ["reason"] = reason };

    private static HttpResponseMessage Accepted(RackbeatHeadDocument head, JsonArray results) =>
        Json(HttpStatusCode.OK, new JsonObject { ["lastSeq"] = head.LastSeq, ["results"] = results });

    private static HttpResponseMessage Json(HttpStatusCode status, JsonObject body) =>
        new(status) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>What happened to one event.</summary>
    private abstract record Delivery
    {
        public sealed record Done : Delivery;

        /// <summary>Rackbeat refused it for good (validation): the kiosk dead-letters it.</summary>
        public sealed record Refused(string Reason) : Delivery;

        /// <summary>Try again later; <see cref="Status"/> is what the engine sees (401, 429, 502 …).</summary>
        public sealed record Retry(HttpStatusCode Status, TimeSpan? After, string Why) : Delivery;

        public static Delivery Ok { get; } = new Done();
    }
}
