using KioskRuntime.Journal.Storage;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Journal;

public sealed partial class KioskJournal
{
    private PendingWrite? _carry;
    private long? _truncateLogTo;
    private long _lastProbe;

    /// <summary>How often the writer re-checks a failed journal (files, chain tail, free space). Tests shorten it.</summary>
    internal TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Log size at which the writer checkpoints when no write is waiting (8× that size: even when writes wait).</summary>
    internal long CheckpointBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>Number of group commits (LiteDB transactions that reached disk); for tests and benchmarks.</summary>
    internal long GroupCount { get; private set; }

    /// <summary>Stopwatch ticks the writer spent inside group commits (benchmarks: separates I/O from thread hand-offs).</summary>
    internal long GroupTicks { get; private set; }

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
                ProcessGroup(group);
                GroupTicks += System.Diagnostics.Stopwatch.GetTimestamp() - started;
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
        while (events < _options.MaxEventsPerGroup && _queue.TryTake(out var next))
        {
            if (events + next.Write.Events.Count > _options.MaxEventsPerGroup)
            {
                _carry = next;
                break;
            }

            group.Add(next);
            events += next.Write.Events.Count;
        }

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
            try
            {
                store.Db.BeginTrans();
                var rejected = -1;
                Exception? applyError = null;
                for (var i = 0; i < group.Count && rejected < 0; i++)
                {
                    var entries = Append(store, group[i].Write.Events, ref head);
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
                    group[rejected].Fail(applyError!);
                    group.RemoveAt(rejected);
                    continue;
                }

                if (!store.Db.Commit())
                {
                    throw new InvalidOperationException("LiteDB reported no open transaction at commit");
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                TryRollback(store);
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

    /// <summary>Disk space against the reserve before each group (statvfs). False, failed closed, when too little is free.</summary>
    private bool CheckSpace(long groupBytes)
    {
        long free;
        try
        {
            free = _fs.AvailableBytes(_options.DataDirectory);
        }
        catch (JournalIoException e)
        {
            SetHealth(false, e.Message, FailureKind.Io);
            return false;
        }

        var needed = _options.DiskReserveBytes + (groupBytes * 4) + (64 * 1024);
        if (free >= needed)
        {
            return true;
        }

        SetHealth(false, $"disk full: {Mib(free)} free, reserve {Mib(_options.DiskReserveBytes)}", FailureKind.DiskSpace);
        _lastProbe = _time.GetTimestamp();
        return false;
    }

    private static string Mib(long bytes) => bytes >= 10L * 1024 * 1024 || bytes % (1024 * 1024) == 0
        ? $"{bytes / (1024 * 1024)} MiB"
        : $"{bytes / (1024.0 * 1024):0.0} MiB";

    /// <summary>
    /// Fail closed after an error inside a group or checkpoint: remember how much of the log was acknowledged, close the engine
    /// (its files are latched and refuse further writes), and try to reopen at once for readers and, if the cause is gone, writers.
    /// </summary>
    private string FailClosed(JournalStore store, Exception e)
    {
        var io = e as JournalIoException ?? store.Files.Failure;
        var reason = io is null
            ? $"journal write failed: {e.GetType().Name}: {e.Message}"
            : io.IsDiskFull ? $"disk full: {io.Message}" : io.Message;
        _logger.LogError(e, "Journal write failed; failing closed");
        _truncateLogTo = (store.Files.LogStream as JournalLogStream)?.AcknowledgedLength;
        _store = null;
        JournalStore.DisposeQuietly(store);
        SetHealth(false, reason, FailureKind.Io);
        Probe();
        return reason;
    }

    /// <summary>
    /// Re-checks a failed journal: cut the log back to what was acknowledged, reopen the engine from the files, check the chain tail
    /// is exactly what was acknowledged, check free space. On success the journal is writable again; on failure readers keep a
    /// read-only view where possible and the reason stays.
    /// </summary>
    private void Probe()
    {
        _lastProbe = _time.GetTimestamp();
        if (_failure == FailureKind.DiskSpace && _store is not null)
        {
            if (CheckSpace(0))
            {
                SetHealth(true, null, FailureKind.None);
            }

            return;
        }

        // readers keep the current view (read-only after a failure) until a writable engine replaces it
        var view = _store;
        try
        {
            if (_truncateLogTo is { } ack)
            {
                using (var log = _fs.Open(_options.LogPath, JournalFileMode.ReadWrite))
                {
                    if (log.GetLength() > FileIdentity.HeaderSize + ack)
                    {
                        log.SetLength(FileIdentity.HeaderSize + ack);
                        log.FullSync();
                    }
                }

                _truncateLogTo = null;
            }

            var store = JournalStore.Open(_fs, _options.DataPath, _options.LogPath, writable: true, create: false, salvage: SalvageMode.None);
            string? problem;
            try
            {
                store.Files.ProbeWriteAndSync();
                problem = CheckTail(store);
            }
            catch
            {
                store.Dispose();
                throw;
            }

            if (problem is not null)
            {
                store.Dispose();
                SetHealth(false, problem, FailureKind.Fatal);
                view ??= TryReadOnlyView();
                _store = view;
                return;
            }

            _store = store;
            JournalStore.DisposeQuietly(view);
            if (CheckSpace(0))
            {
                SetHealth(true, null, FailureKind.None);
            }
        }
        catch (Exception e) when (e is JournalIoException or JournalDamageException or IOException)
        {
            _logger.LogWarning("Journal still unavailable: {Problem}", e.Message);
            if (e is JournalIoException io)
            {
                SetHealth(false, io.IsDiskFull ? $"disk full: {io.Message}" : io.Message, FailureKind.Io);
            }

            _store = view ?? TryReadOnlyView();
        }
    }

    private string? CheckTail(JournalStore store)
    {
        var loaded = ChainHead.Load(store);
        var known = _head;
        if (loaded.Seq != known.Seq || !string.Equals(loaded.Hash, known.Hash, StringComparison.Ordinal))
        {
            return $"journal reopened with last seq {loaded.Seq} ({loaded.Hash}) but seq {known.Seq} ({known.Hash}) was acknowledged: restart kioskd to run recovery";
        }

        if (store.Events.FindById(known.Seq) is { } doc)
        {
            var e = JournalStore.ToEntry(doc);
            var computed = EntryHash.Compute(e.PrevHash, e.Seq, e.Id, e.Type, EntryHash.FormatTime(e.OccurredAt), e.PayloadJson);
            if (computed != e.Hash)
            {
                return $"journal reopened but seq {e.Seq} no longer matches its hash: restart kioskd to run recovery";
            }
        }

        return null;
    }

    private JournalStore? TryReadOnlyView()
    {
        try
        {
            return JournalStore.Open(_fs, _options.DataPath, _options.LogPath, writable: false, create: false, salvage: SalvageMode.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogWarning("Journal not readable either: {Problem}", e.Message);
            return null;
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
