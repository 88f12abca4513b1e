using System.Collections.Concurrent;
using KioskRuntime.Journal.Storage;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Journal;

/// <summary>
/// The kiosk's durable, hash-chained event journal on LiteDB. Thread safety: every public member may be called from any thread;
/// all writes run on one dedicated writer thread; <see cref="CommitAsync"/> completes only when the commit is on disk.
/// See README.md beside this file for the guarantees, the file layout and the failure states.
/// </summary>
public sealed partial class KioskJournal : IDisposable
{
    private readonly JournalOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<KioskJournal> _logger;
    private readonly IJournalFileSystem _fs;
    private readonly bool _writable;
    private readonly IDisposable? _lock;
    private readonly BlockingCollection<PendingWrite> _queue = new();
    private readonly Thread? _writer;
    private readonly object _healthGate = new();
    private volatile JournalStore? _store;
    private volatile ChainHead _head;
    private JournalHealth _health;
    private JournalRecoveryReport? _pendingRecovery;
    private FailureKind _failure;
    private int _disposed;

    private KioskJournal(JournalOptions options, TimeProvider time, ILogger<KioskJournal> logger, IJournalFileSystem fs, bool writable, IDisposable? lockHandle)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _fs = fs;
        _writable = writable;
        _lock = lockHandle;
        _head = ChainHead.Empty;
        _health = new JournalHealth(writable, writable ? null : "journal opened read-only", time.GetUtcNow());
        if (writable)
        {
            _writer = new Thread(WriterLoop) { IsBackground = true, Name = "journal-writer" };
        }
    }

    /// <summary>Seq of the last committed entry (0 when empty).</summary>
    public long LastSeq => _head.Seq;

    /// <summary>Hash of the last committed entry ("" when empty).</summary>
    public string LastHash => _head.Hash;

    public JournalHealth Health
    {
        get
        {
            lock (_healthGate)
            {
                return _health;
            }
        }
    }

    /// <summary>Raised (on the writer thread; keep handlers short) whenever <see cref="Health"/> changes.</summary>
    public event Action<JournalHealth>? HealthChanged;

    /// <summary>The recovery report waiting for an operator, or null.</summary>
    public JournalRecoveryReport? PendingRecovery
    {
        get
        {
            lock (_healthGate)
            {
                return _pendingRecovery;
            }
        }
    }

    /// <summary>Opens (or creates) the journal for writing; takes journal.lock for the lifetime of the instance.</summary>
    /// <exception cref="JournalLockedException">another process holds the journal.</exception>
    public static KioskJournal Open(JournalOptions options, TimeProvider time, ILogger<KioskJournal> logger) =>
        Open(options, time, logger, new LibcFileSystem());

    /// <summary>Opens an existing journal for reading only (kioskctl while kioskd is not running); writes are refused.</summary>
    /// <exception cref="JournalLockedException">kioskd holds the journal.</exception>
    public static KioskJournal OpenReadOnly(JournalOptions options, TimeProvider time, ILogger<KioskJournal> logger) =>
        OpenReadOnly(options, time, logger, new LibcFileSystem());

    internal static KioskJournal Open(JournalOptions options, TimeProvider time, ILogger<KioskJournal> logger, IJournalFileSystem fs)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        Directory.CreateDirectory(options.DataDirectory);
        var lockHandle = fs.TryLock(options.LockPath, exclusive: true, $"{Environment.ProcessId}\n")
            ?? throw new JournalLockedException(options.LockPath, ReadLockPid(fs, options.LockPath));
        var journal = new KioskJournal(options, time, logger, fs, writable: true, lockHandle);
        try
        {
            journal.OpenWritable();
            journal._writer!.Start();
            return journal;
        }
        catch
        {
            journal.Dispose();
            throw;
        }
    }

    internal static KioskJournal OpenReadOnly(JournalOptions options, TimeProvider time, ILogger<KioskJournal> logger, IJournalFileSystem fs)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        IDisposable? lockHandle = null;
        if (fs.Exists(options.LockPath))
        {
            lockHandle = fs.TryLock(options.LockPath, exclusive: false, "")
                ?? throw new JournalLockedException(options.LockPath, ReadLockPid(fs, options.LockPath));
        }

        var journal = new KioskJournal(options, time, logger, fs, writable: false, lockHandle);
        try
        {
            var store = JournalStore.Open(fs, options.DataPath, options.LogPath, writable: false, create: false, salvage: SalvageMode.None);
            journal._store = store;
            journal._head = ChainHead.Load(store);
            journal._pendingRecovery = RecoveryFiles.ReadPending(options);
            return journal;
        }
        catch (JournalDamageException e)
        {
            journal.Dispose();
            throw new JournalUnavailableException($"the journal in {options.DataDirectory} cannot be opened: {e.Message}", e);
        }
        catch
        {
            journal.Dispose();
            throw;
        }
    }

    /// <summary>Ordered by seq, streamed in batches (each batch a consistent read); safe on any thread.</summary>
    public IEnumerable<JournalEntry> ReadEvents(long fromSeq, int maxCount = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        var next = Math.Max(1, fromSeq);
        var left = maxCount;
        while (left > 0)
        {
            var take = Math.Min(left, 512);
            var from = next;
            var batch = Read(store => store.Events.Query().Where("_id >= @0", new BsonValue(from)).OrderBy("_id").Limit(take)
                .ToEnumerable().Select(JournalStore.ToEntry).ToList());
            foreach (var entry in batch)
            {
                yield return entry;
            }

            if (batch.Count < take)
            {
                yield break;
            }

            left -= batch.Count;
            next = batch[^1].Seq + 1;
        }
    }

    public JournalEntry? GetEvent(long seq) => Read(store => store.Events.FindById(seq) is { } doc ? JournalStore.ToEntry(doc) : null);

    public T? GetState<T>(string collection, string key) where T : class => Read(store => JournalState.Read<T>(store, collection, key));

    public IReadOnlyList<T> ListState<T>(string collection) where T : class => Read(store => JournalState.List<T>(store, collection));

    /// <summary>Walks every entry and recomputes the chain; reports the first problem (seq and what).</summary>
    public JournalVerification Verify() => Read(store => ChainWalker.Walk(store).ToVerification());

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _queue.CompleteAdding();
        if (_writer is { IsAlive: true } writer)
        {
            writer.Join();
        }

        _store?.Dispose();
        _store = null;
        _lock?.Dispose();
        _queue.Dispose();
    }

    private T Read<T>(Func<JournalStore, T> read)
    {
        for (var attempt = 0; ; attempt++)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
            var store = _store ?? throw new JournalUnavailableException(Health.Reason ?? "the journal is not open");
            try
            {
                return read(store);
            }
            catch (Exception e) when (attempt < 3 && !ReferenceEquals(store, _store) && e is ObjectDisposedException or LiteException or IOException or NullReferenceException)
            {
                // the writer replaced the engine (failure or recovery) under this read: read again from the new one
            }
        }
    }

    /// <summary>The pid the holder wrote into journal.lock (read with pread: .NET's own file APIs would trip over the flock).</summary>
    private static int? ReadLockPid(IJournalFileSystem fs, string lockPath)
    {
        try
        {
            using var file = fs.Open(lockPath, JournalFileMode.ReadOnly);
            var buffer = new byte[32];
            var n = file.Read(0, buffer);
            return int.TryParse(System.Text.Encoding.ASCII.GetString(buffer, 0, n).Trim(), out var pid) ? pid : null;
        }
        catch (JournalIoException)
        {
            return null;
        }
    }

    private void SetHealth(bool canWrite, string? reason, FailureKind kind)
    {
        JournalHealth changed;
        lock (_healthGate)
        {
            _failure = kind;
            if (_health.CanWrite == canWrite && _health.Reason == reason)
            {
                return;
            }

            _health = changed = new JournalHealth(canWrite, reason, _time.GetUtcNow());
        }

        if (canWrite)
        {
            _logger.LogInformation("Journal writable again");
        }
        else
        {
            _logger.LogError("Journal failed closed: {Reason}", reason);
        }

        try
        {
            HealthChanged?.Invoke(changed);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogError(e, "A HealthChanged handler threw");
        }
    }

    private enum FailureKind
    {
        None,
        DiskSpace,
        Io,
        RecoveryPending,
        Fatal,
    }

    /// <summary>Seq and hash of the last entry, and the seq the next entry gets (past any gap recorded by recovery).</summary>
    private sealed record ChainHead(long Seq, string Hash, long NextSeq)
    {
        public static ChainHead Empty { get; } = new(0, "", 1);

        public static ChainHead Load(JournalStore store)
        {
            var meta = store.ReadChain();
            var last = store.Events.Query().OrderByDescending("_id").Limit(1).FirstOrDefault();
            var seq = last is null ? meta.PrunedThroughSeq : last["_id"].AsInt64;
            var hash = last is null ? meta.PrunedHash : last["hash"].AsString;
            var next = seq + 1;
            foreach (var gap in meta.Gaps.OrderBy(g => g.From))
            {
                if (gap.From <= next && gap.To >= next)
                {
                    next = gap.To + 1;
                }
            }

            return new ChainHead(seq, hash, next);
        }
    }
}
