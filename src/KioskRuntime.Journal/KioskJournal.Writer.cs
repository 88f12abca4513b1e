using KioskRuntime.Journal.Storage;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Journal;

public sealed partial class KioskJournal
{
    private PendingWrite? _carry;
    private long? _truncateLogTo;
    private long _lastProbe;
    private int _lastGroupWrites;

    /// <summary>Group commit's gather window (see NextGroup): the longest pause between two arriving writes, and the whole wait.</summary>
    private static readonly long GatherQuietTicks = System.Diagnostics.Stopwatch.Frequency / 50_000; // 20 µs
    private static readonly long GatherMaxTicks = System.Diagnostics.Stopwatch.Frequency / 4_000; // 250 µs

    /// <summary>How often the writer re-checks a failed journal (files, chain tail, free space). Tests shorten it.</summary>
    internal TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Log size at which the writer checkpoints when no write is waiting (8× that size: even when writes wait).</summary>
    internal long CheckpointBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>Number of group commits (LiteDB transactions that reached disk); for tests and benchmarks.</summary>
    internal long GroupCount { get; private set; }

    /// <summary>Stopwatch ticks the writer spent inside group commits (benchmarks: separates I/O from thread hand-offs).</summary>
    internal long GroupTicks { get; private set; }

    /// <summary>Stopwatch ticks of <see cref="GroupTicks"/> spent in the commit's fdatasync.</summary>
    internal long GroupSyncTicks { get; private set; }

    /// <summary>
    /// Appends the write's events (seqs assigned here, contiguous) and applies its state changes in one LiteDB transaction,
    /// possibly shared with other queued writes (group commit). Completes only when the commit is durable (fdatasync returned 0).
    /// </summary>
    /// <exception cref="JournalUnavailableException">the journal is failed closed, read-only or awaiting recovery acceptance.</exception>
    public Task<IReadOnlyList<JournalEntry>> CommitAsync(JournalWrite write, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        if (!_writable)
        {
            return Task.FromException<IReadOnlyList<JournalEntry>>(new JournalUnavailableException("the journal is opened read-only"));
        }

        if (ct.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<JournalEntry>>(ct);
        }

        var health = Health;
        if (!health.CanWrite)
        {
            return Task.FromException<IReadOnlyList<JournalEntry>>(new JournalUnavailableException(health.Reason ?? "not writable"));
        }

        var pending = new PendingWrite(write, ct);
        try
        {
            _queue.Add(pending, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(KioskJournal));
        }

        return pending.Task;
    }

    private void WriterLoop()
    {
        var group = new List<PendingWrite>();
        while (true)
        {
            if (!NextGroup(group))
            {
                break;
            }

            if (group.Count > 0)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var log = _store?.Files.LogStream as JournalLogStream;
                var syncBefore = log?.SyncTicks ?? 0;
                ProcessGroup(group);
                GroupTicks += System.Diagnostics.Stopwatch.GetTimestamp() - started;
                GroupSyncTicks += (log?.SyncTicks ?? 0) - syncBefore;
                group.Clear();
                MaybeCheckpoint();
            }

            if (_failure is FailureKind.Io or FailureKind.DiskSpace && _time.GetElapsedTime(_lastProbe) >= ProbeInterval)
            {
                Probe();
            }
        }

        foreach (var left in _queue.GetConsumingEnumerable().Prepend(_carry).OfType<PendingWrite>())
        {
            left.Fail(new JournalUnavailableException("the journal was closed"));
        }

        // leave the data file complete on a clean close (LiteDB does not checkpoint on dispose with auto-checkpoint off)
        if (_store is { } store && Health.CanWrite)
        {
            try
            {
                store.Db.Checkpoint();
            }
            catch (Exception e) when (e is IOException or LiteDB.LiteException)
            {
                _logger.LogWarning("Checkpoint at close failed (the log keeps the commits): {Problem}", e.Message);
            }
        }
    }

    /// <summary>Blocks for the first write, then drains without blocking up to MaxEventsPerGroup events. False when closed.</summary>
    private bool NextGroup(List<PendingWrite> group)
    {
        var first = _carry;
        _carry = null;
        if (first is null)
        {
            var wait = _failure is FailureKind.Io or FailureKind.DiskSpace ? ProbeInterval : Timeout.InfiniteTimeSpan;
            try
            {
                if (!_queue.TryTake(out first, wait))
                {
                    return !_queue.IsCompleted;
                }
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }

        group.Add(first);
        var events = first.Write.Events.Count;
        var gather = _lastGroupWrites > 1;
        var started = gather ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        var lastArrival = started;
        while (events < _options.MaxEventsPerGroup)
        {
            if (!_queue.TryTake(out var next))
            {
                // Several producers were active in the last group: the ones it just released are re-submitting on other
                // threads right now. Without waiting for them, N producers settle into groups of N/2. So wait while writes keep
                // arriving (at most GatherQuiet between two, GatherMax in all). A lone producer never waits.
                var now = System.Diagnostics.Stopwatch.GetTimestamp();
                if (!gather || now - lastArrival > GatherQuietTicks || now - started > GatherMaxTicks)
                {
                    break;
                }

                Thread.Yield();
                continue;
            }

            lastArrival = System.Diagnostics.Stopwatch.GetTimestamp();
            if (events + next.Write.Events.Count > _options.MaxEventsPerGroup)
            {
                _carry = next;
                break;
            }

            group.Add(next);
            events += next.Write.Events.Count;
        }

        _lastGroupWrites = group.Count;
        return true;
    }

    private void ProcessGroup(List<PendingWrite> group)
    {
        group.RemoveAll(p => p.TryCancel());
        if (group.Count == 0)
        {
            return;
        }

        var health = Health;
        var store = _store;
        if (!health.CanWrite || store is null)
        {
            FailAll(group, new JournalUnavailableException(health.Reason ?? "the journal is not open"));
            return;
        }

        if (!CheckSpace(group.Sum(p => p.Write.Events.Sum(e => (long)e.PayloadJson.Length + e.Type.Length + 200))))
        {
            FailAll(group, new JournalUnavailableException(Health.Reason!));
            return;
        }

        var state = new JournalState(store);
        while (group.Count > 0)
        {
            var results = new List<IReadOnlyList<JournalEntry>>(group.Count);
            var head = _head;
            object[]? transactions = null;
            try
            {
                store.Db.BeginTrans();
                transactions = store.OpenTransactions();
                var rejected = -1;
                Exception? applyError = null;
                for (var i = 0; i < group.Count && rejected < 0; i++)
                {
                    IReadOnlyList<NewEvent> events;
                    try
                    {
                        events = Seal(state, group[i].Write.Events);
                    }
                    catch (Exception e) when (store.Files.Failure is null && e is not JournalIoException)
                    {
                        rejected = i;
                        applyError = e;
                        break;
                    }

                    var entries = Append(store, events, ref head);
                    try
                    {
                        group[i].Write.Maintenance?.Invoke(store);
                        group[i].Write.Apply?.Invoke(state, entries);
                        results.Add(entries);
                    }
                    catch (Exception e) when (store.Files.Failure is null && e is not JournalIoException)
                    {
                        rejected = i;
                        applyError = e;
                    }
                }

                if (rejected >= 0)
                {
                    store.Db.Rollback();
                    store.EndTransaction(committed: false);
                    group[rejected].Fail(applyError!);
                    group.RemoveAt(rejected);
                    continue;
                }

                if (!store.Db.Commit())
                {
                    throw new InvalidOperationException("LiteDB reported no open transaction at commit");
                }

                store.EndTransaction(committed: true);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A half-failed commit's transaction throws from its finalizer and would end the process: never let it run.
                LiteDbFinalizers.Suppress(transactions);
                TryRollback(store);
                store.EndTransaction(committed: false);
                var reason = FailClosed(store, e);
                FailAll(group, new JournalUnavailableException(reason, e));
                return;
            }

            _head = head;
            GroupCount++;
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Complete(results[i]);
            }

            return;
        }
    }

    /// <summary>The events as the sealer (if any) returns them; runs inside the group's transaction on the writer thread.</summary>
    private IReadOnlyList<NewEvent> Seal(JournalState state, IReadOnlyList<NewEvent> events)
    {
        if (_options.Sealer is not { } sealer)
        {
            return events;
        }

        var sealedEvents = new NewEvent[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            sealedEvents[i] = sealer.Seal(state, events[i])
                ?? throw new InvalidOperationException($"the sealer returned no event for {events[i].Type}");
        }

        return sealedEvents;
    }

    private List<JournalEntry> Append(JournalStore store, IReadOnlyList<NewEvent> events, ref ChainHead head)
    {
        var entries = new List<JournalEntry>(events.Count);
        foreach (var e in events)
        {
            var seq = head.NextSeq;
            var id = Guid.CreateVersion7(_time.GetUtcNow());
            var at = EntryHash.Truncate(e.OccurredAt);
            var hash = EntryHash.Compute(head.Hash, seq, id, e.Type, EntryHash.FormatTime(at), e.PayloadJson);
            var entry = new JournalEntry(seq, id, e.Type, at, e.PayloadJson, head.Hash, hash);
            entries.Add(entry);
            head = new ChainHead(seq, hash, seq + 1);
        }

        if (entries.Count > 0)
        {
            store.Events.InsertBulk(entries.Select(JournalStore.ToDocument));
        }

        return entries;
    }

    private static void FailAll(List<PendingWrite> group, Exception error)
    {
        foreach (var p in group)
        {
            p.Fail(error);
        }
    }

    private static void TryRollback(JournalStore store)
    {
        try
        {
            store.Db.Rollback();
        }
        catch (Exception e) when (e is IOException or LiteDB.LiteException or InvalidOperationException)
        {
            // the engine is abandoned by FailClosed
        }
    }

    private void MaybeCheckpoint()
    {
        var store = _store;
        if (store is null || !Health.CanWrite)
        {
            return;
        }

        var log = store.Files.LogLength;
        if (log < CheckpointBytes || (_queue.Count > 0 && log < CheckpointBytes * 8))
        {
            return;
        }

        try
        {
            store.Db.Checkpoint();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            FailClosed(store, e);
        }
    }

    private sealed class PendingWrite(JournalWrite write, CancellationToken ct)
    {
        private readonly TaskCompletionSource<IReadOnlyList<JournalEntry>> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public JournalWrite Write => write;

        public Task<IReadOnlyList<JournalEntry>> Task => _tcs.Task;

        /// <summary>A write cancelled before its group started is dropped; once in a group it is committed regardless.</summary>
        public bool TryCancel() => ct.IsCancellationRequested && _tcs.TrySetCanceled(ct);

        public void Complete(IReadOnlyList<JournalEntry> entries) => _tcs.TrySetResult(entries);

        public void Fail(Exception error) => _tcs.TrySetException(error);
    }
}
