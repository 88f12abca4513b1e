using LiteDB;

namespace KioskRuntime.BackOffice.Storage;

/// <summary>
/// The back office's LiteDB file: every kiosk's events, kiosk heads, the catalog with stock, and the catalog version.
/// Thread safety: reads from any thread; writes only inside <see cref="InTransaction{T}"/>, which serialises writers on one
/// lock and keeps the whole unit of work on the calling thread (LiteDB transactions are per thread, so never await inside).
/// </summary>
internal sealed partial class BackOfficeStore : IDisposable
{
    private const string EventsCollection = "events";
    private const string KiosksCollection = "kiosks";
    private const string ProductsCollection = "products";
    private const string MetaCollection = "meta";
    private const string CatalogMetaId = "catalog";

    private readonly LiteDatabase _db;
    private readonly Lock _writeGate = new();
    private readonly ILiteCollection<BsonDocument> _events;
    private readonly ILiteCollection<BsonDocument> _kiosks;
    private readonly ILiteCollection<BsonDocument> _products;
    private readonly ILiteCollection<BsonDocument> _meta;

    public BackOfficeStore(string dataPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataPath);
        var fullPath = Path.GetFullPath(dataPath);
        var directory = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        DataPath = fullPath;
        _db = new LiteDatabase(new ConnectionString { Filename = fullPath, Connection = ConnectionType.Direct });
        _events = _db.GetCollection(EventsCollection);
        _kiosks = _db.GetCollection(KiosksCollection);
        _products = _db.GetCollection(ProductsCollection);
        _meta = _db.GetCollection(MetaCollection);
        _events.EnsureIndex("eventId", unique: false);
        _events.EnsureIndex("originalId", unique: false);
    }

    public string DataPath { get; }

    /// <summary>Runs <paramref name="work"/> as one LiteDB transaction: all of it is stored, or none of it.</summary>
    public T InTransaction<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_writeGate)
        {
            if (!_db.BeginTrans())
            {
                throw new InvalidOperationException("A LiteDB transaction is already open on this thread.");
            }

            try
            {
                var result = work();
                _db.Commit();
                return result;
            }
            catch
            {
                _db.Rollback();
                throw;
            }
        }
    }

    public void Dispose()
    {
        lock (_writeGate)
        {
            _db.Checkpoint();
            _db.Dispose();
        }
    }
}
