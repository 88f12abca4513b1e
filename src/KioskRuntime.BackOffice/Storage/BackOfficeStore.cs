using LiteDB;

namespace KioskRuntime.BackOffice.Storage;

/// <summary>
/// The back office's LiteDB file: every kiosk's events, kiosk heads, the catalog with stock, and the catalog version.
/// Thread safety: reads from any thread; writes only inside <see cref="InTransaction{T}"/>, which serialises writers on one
/// lock and keeps the whole unit of work on the calling thread (LiteDB transactions are per thread, so never await inside).
/// </summary>
internal sealed partial class BackOfficeStore : IDisposable
{
    private const string EventRunsCollection = "eventRuns";
    private const string EventRunIndexCollection = "eventRunIndex";
    private const string KiosksCollection = "kiosks";
    private const string ProductsCollection = "products";
    private const string MetaCollection = "meta";
    private const string ReturnsCollection = "returns";
    private const string CatalogMetaId = "catalog";

    // The layout before event runs: one document per event, one per accepted id (migrated by MigrateLegacyEvents).
    private const string LegacyEventsCollection = "events";
    private const string LegacyEventIdsCollection = "eventIds";

    private readonly LiteDatabase _db;
    private readonly DurableFileStream _dataStream;
    private readonly DurableFileStream _logStream;
    private readonly Lock _writeGate = new();
    private readonly ILiteCollection<BsonDocument> _eventRuns;
    private readonly ILiteCollection<BsonDocument> _eventRunIndex;
    private readonly ILiteCollection<BsonDocument> _kiosks;
    private readonly ILiteCollection<BsonDocument> _products;
    private readonly ILiteCollection<BsonDocument> _meta;
    private readonly ILiteCollection<BsonDocument> _returns;
    private readonly EventIndex _index = new();

    // The open transaction's appended events (with their accepted id), written as runs just before it commits.
    private readonly List<(StoredEvent Stored, Guid? AcceptedId)> _pending = [];
    private readonly Dictionary<Guid, EventLocation> _pendingIds = [];
    private volatile CachedRun? _lastRun;

    /// <summary>Opens (or creates) the data file and its <c>-log</c> file, with durable commits.</summary>
    /// <exception cref="IOException">The files cannot be opened (e.g. another process holds them) or synced.</exception>
    public BackOfficeStore(string dataPath)
        : this(dataPath, PosixFileSync.Instance)
    {
    }

    // For testing: count or fail syncs.
    internal BackOfficeStore(string dataPath, IFileSync sync)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataPath);
        var fullPath = Path.GetFullPath(dataPath);
        var directory = Path.GetDirectoryName(fullPath) ?? Path.GetPathRoot(fullPath)!;
        Directory.CreateDirectory(directory);

        DataPath = fullPath;
        LogPath = Path.Combine(directory, Path.GetFileNameWithoutExtension(fullPath) + "-log" + Path.GetExtension(fullPath));
        var created = !File.Exists(fullPath) || !File.Exists(LogPath);

        // Stream mode, so that commits are fsynced (LiteDB's filename mode never fsyncs a commit). The file names are the
        // ones filename mode uses, so the pair can still be opened by filename for repair.
        _dataStream = DurableFileStream.Open(fullPath, isLog: false, sync);
        try
        {
            _logStream = DurableFileStream.Open(LogPath, isLog: true, sync);
        }
        catch
        {
            _dataStream.Dispose();
            throw;
        }

        try
        {
            if (created)
            {
                sync.SyncDirectory(directory);
            }

            _db = new LiteDatabase(_dataStream, new BsonMapper(), _logStream);
            _eventRuns = _db.GetCollection(EventRunsCollection);
            _eventRunIndex = _db.GetCollection(EventRunIndexCollection);
            _kiosks = _db.GetCollection(KiosksCollection);
            _products = _db.GetCollection(ProductsCollection);
            _meta = _db.GetCollection(MetaCollection);

            // Lookups go through primary keys of small side collections, never secondary indexes: a LiteDB 5 index over a
            // sparse field holds one null key per document and inserting equal keys is linear (measured: 500-event
            // batches went from ~80 ms to > 2 s), and secondary indexes break Rebuild() on large collections (#2525).
            _returns = _db.GetCollection(ReturnsCollection);
            LoadIndex();
            MigrateLegacyEvents();
        }
        catch
        {
            _logStream.Dispose();
            _dataStream.Dispose();
            throw;
        }
    }

    public string DataPath { get; }

    /// <summary>LiteDB's write-ahead log for <see cref="DataPath"/>; the two files are one unit.</summary>
    public string LogPath { get; }

    /// <summary>
    /// Why the store refuses writes, or null while healthy. Set when the disk failed (an fsync or write error): after that,
    /// what the kernel kept is unknown, so no further commit is acknowledged until a restart replays the log.
    /// </summary>
    public string? Failure { get; private set; }

    /// <summary>Runs <paramref name="work"/> as one LiteDB transaction: all of it is stored, or none of it.</summary>
    /// <exception cref="IOException">The disk failed now or earlier; nothing of <paramref name="work"/> is acknowledged.</exception>
    public T InTransaction<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_writeGate)
        {
            if (Failure is not null)
            {
                throw new IOException($"The data file {DataPath} failed earlier and refuses writes until restarted: {Failure}");
            }

            if (!_db.BeginTrans())
            {
                throw new InvalidOperationException("A LiteDB transaction is already open on this thread.");
            }

            try
            {
                var result = work();
                var runs = FlushPendingRuns();
                _db.Commit();
                // Committed (and durable): from now on the runs are found without the transaction.
                foreach (var run in runs)
                {
                    _index.Add(run.KioskId, run.Span, run.AcceptedIds);
                }

                return result;
            }
            catch (IOException ex)
            {
                // No rollback: it would write to the failed disk again. The log holds only what LiteDB confirmed.
                Failure = ex.Message;
                throw;
            }
            catch
            {
                _db.Rollback();
                throw;
            }
            finally
            {
                _pending.Clear();
                _pendingIds.Clear();
            }
        }
    }

    public void Dispose()
    {
        lock (_writeGate)
        {
            if (Failure is null)
            {
                _db.Checkpoint();
                _db.Dispose();
            }

            // After a disk failure LiteDB is not asked to checkpoint or close (both write, and the failed transaction
            // still holds its lock); the files are closed and the next start replays the log's confirmed transactions.
            _logStream.Dispose();
            _dataStream.Dispose();
        }
    }
}
