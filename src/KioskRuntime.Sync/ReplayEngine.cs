using KioskRuntime.Journal;
using KioskRuntime.Sync.Contract;
using KioskRuntime.Sync.Http;
using KioskRuntime.Sync.Replay;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Sync;

/// <summary>
/// Pushes the journal to the back office, in seq order, one batch in flight, until every event is stored upstream exactly once in
/// effect (at-least-once sends, idempotent by seq + id). Delivery state (<c>delivery/cursor</c>, <c>dead_letters</c>) lives in the
/// journal database, so a restart mid-batch resumes by asking the back office's cursor.
/// Thread safety: <see cref="RunAsync"/> is called once; every other member is safe from any thread.
/// </summary>
public sealed partial class ReplayEngine
{
    /// <summary>Waits never exceed this without a beat, so the watchdog sees the loop alive while it idles or backs off.</summary>
    private static readonly TimeSpan BeatInterval = TimeSpan.FromSeconds(1);

    /// <summary>A batch that needs longer than this to be answered makes the next one smaller.</summary>
    private static readonly TimeSpan SlowBatch = TimeSpan.FromSeconds(2);

    private const int InitialBatch = 64;

    private readonly KioskJournal _journal;
    private readonly UpstreamHttp _http;
    private readonly UpstreamOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ReplayEngine> _logger;
    private readonly Backoff _backoff;
    private readonly Func<double> _random;
    private readonly WakeSignal _work = new();
    private readonly WakeSignal _kick = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly EventBatchWriter _writer = new();
    private readonly Lock _statusLock = new();
    private int _batchSize;
    private bool _aligned;

    public ReplayEngine(KioskJournal journal, HttpClient http, UpstreamOptions options, TimeProvider time, ILogger<ReplayEngine> logger)
        : this(journal, http, options, time, logger, Random.Shared.NextDouble)
    {
    }

    /// <summary>For tests: a pinned random source for the backoff jitter.</summary>
    internal ReplayEngine(KioskJournal journal, HttpClient http, UpstreamOptions options, TimeProvider time, ILogger<ReplayEngine> logger, Func<double> random)
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
        _backoff = new Backoff(options.BackoffBase, options.BackoffCap, random);
        _random = random;
        _batchSize = Math.Min(InitialBatch, options.MaxBatch);
        Progress = new ReplayProgress(time);
        LoadState();
    }

    /// <summary>Beats at least once a second while the loop runs: idle, backing off, or waiting for an answer (bounded by the timeout).</summary>
    public ReplayProgress Progress { get; }

    /// <summary>Push soon: call after each journal commit. Cheap; never blocks; does not cut a Retry-After or backoff wait short.</summary>
    public void Nudge() => _work.Set();

    /// <summary>The replay loop: runs until <paramref name="stoppingToken"/> is cancelled; never throws for network or upstream faults.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        _logger.LogInformation("Replay to {Url} as kiosk {Kiosk}: delivered up to seq {Seq}, journal at {Last}",
            _options.BaseUrl, _options.KioskId, DeliveredSeq, _journal.LastSeq);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Progress.Beat();
                _work.Consume();
                _kick.Consume();
                var outcome = await AttemptGatedAsync(stoppingToken).ConfigureAwait(false);
                switch (outcome)
                {
                    case Outcome.Drained:
                        _backoff.Reset();
                        await IdleAsync(stoppingToken).ConfigureAwait(false);
                        break;
                    case Outcome.Forked:
                        await WaitAsync(Timeout.InfiniteTimeSpan, wakeOnWork: false, stoppingToken).ConfigureAwait(false);
                        break;
                    case Outcome.Retry retry:
                        var delay = retry.After ?? (retry.Slow ? SlowRetry() : _backoff.Next());
                        _logger.LogDebug("Replay retries in {Delay}", delay);
                        await WaitAsync(delay, wakeOnWork: false, stoppingToken).ConfigureAwait(false);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        _logger.LogInformation("Replay stopped: delivered up to seq {Seq}, {Pending} pending", DeliveredSeq, Math.Max(0, _journal.LastSeq - DeliveredSeq));
    }

    /// <summary>One immediate attempt (cursor if needed, then push until drained or refused), whatever backoff the loop is in.</summary>
    public async Task<ReplayStatus> SyncNowAsync(CancellationToken ct)
    {
        var outcome = await AttemptGatedAsync(ct).ConfigureAwait(false);
        if (outcome is Outcome.Drained)
        {
            _backoff.Reset();
        }

        _kick.Set();
        return Status;
    }

    private async Task<Outcome> AttemptGatedAsync(CancellationToken ct)
    {
        await AwaitBeatingAsync(_gate.WaitAsync(ct), ct).ConfigureAwait(false);
        try
        {
            return await AwaitBeatingAsync(AttemptAsync(ct), ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (JournalUnavailableException ex)
        {
            _aligned = false;
            RecordError($"journal cannot record delivery: {ex.Reason}", offline: false);
            return new Outcome.Retry(null, Slow: false);
        }
#pragma warning disable CA1031 // The loop must survive anything; the error is logged and reported in Status.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _aligned = false;
            _logger.LogError(ex, "Replay attempt failed unexpectedly");
            RecordError($"internal error: {ex.GetType().Name}: {ex.Message}", offline: false);
            return new Outcome.Retry(null, Slow: false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Credentials refused: retry at the cap, jittered between half and all of it.</summary>
    private TimeSpan SlowRetry() => TimeSpan.FromTicks(_options.BackoffCap.Ticks / 2 + (long)(_options.BackoffCap.Ticks / 2 * Math.Clamp(_random(), 0, 1)));

    /// <summary>Nothing pending: wait for a nudge (or an event committed without one), beating each second.</summary>
    private async Task IdleAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && _journal.LastSeq <= DeliveredSeq)
        {
            if (await WaitAsync(BeatInterval, wakeOnWork: true, ct).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Waits up to <paramref name="delay"/> in beat-sized steps; true when woken by a nudge or SyncNow.</summary>
    private async Task<bool> WaitAsync(TimeSpan delay, bool wakeOnWork, CancellationToken ct)
    {
        var infinite = delay == Timeout.InfiniteTimeSpan;
        var deadline = infinite ? long.MaxValue : _time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency);
        while (true)
        {
            Progress.Beat();
            var remaining = infinite ? BeatInterval : TimeSpan.FromSeconds(Math.Max(0, deadline - _time.GetTimestamp()) / (double)_time.TimestampFrequency);
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }

            var step = remaining < BeatInterval ? remaining : BeatInterval;
            using var stepCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var sleep = Task.Delay(step, _time, stepCts.Token);
            var woken = wakeOnWork ? await Task.WhenAny(sleep, _work.Task, _kick.Task).ConfigureAwait(false)
                                   : await Task.WhenAny(sleep, _kick.Task).ConfigureAwait(false);
            await stepCts.CancelAsync().ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            if (woken != sleep)
            {
                Progress.Beat();
                return true;
            }
        }
    }

    /// <summary>Awaits a task bounded elsewhere (request timeout, gate) while beating once a second.</summary>
    private async Task<T> AwaitBeatingAsync<T>(Task<T> task, CancellationToken ct)
    {
        await AwaitBeatingAsync((Task)task, ct).ConfigureAwait(false);
        return await task.ConfigureAwait(false);
    }

    private async Task AwaitBeatingAsync(Task task, CancellationToken ct)
    {
        while (!task.IsCompleted)
        {
            using var stepCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var sleep = Task.Delay(BeatInterval, _time, stepCts.Token);
            await Task.WhenAny(task, sleep).ConfigureAwait(false);
            await stepCts.CancelAsync().ConfigureAwait(false);
            Progress.Beat();
        }

        await task.ConfigureAwait(false);
    }

    /// <summary>What one attempt came to.</summary>
    private abstract record Outcome
    {
        /// <summary>Nothing pending.</summary>
        public sealed record Drained : Outcome;

        /// <summary>Stopped for good: the back office holds another history.</summary>
        public sealed record Forked : Outcome;

        /// <summary>Try again after <see cref="After"/> (Retry-After), else after a backoff wait (slow for credentials).</summary>
        public sealed record Retry(TimeSpan? After, bool Slow) : Outcome;

        public static Outcome DrainedOutcome { get; } = new Drained();

        public static Outcome ForkedOutcome { get; } = new Forked();
    }
}
