using System.Collections.Concurrent;
using LiteDB;
using LiteDB.Engine;

namespace KioskRuntime.Journal.Storage;

/// <summary>
/// One open LiteDB engine over a <see cref="JournalFilePair"/>, plus the document layout:
/// <c>journal_events</c> (_id = seq as Int64; id, type, at (RFC 3339 text), payload, prev, hash),
/// <c>journal_meta</c> (_id "chain": journal id, pruned-through seq and hash, recorded gaps), and <c>state_&lt;name&gt;</c>
/// (_id = key, v = the mapped document). LiteDB's auto-checkpoint is off: the writer checkpoints between groups, never inside
/// a commit, so a checkpoint failure can never turn into a failed acknowledgement of a durable commit.
/// </summary>
internal sealed class JournalStore : IDisposable
{
    internal const string EventsCollection = "journal_events";
    internal const string MetaCollection = "journal_meta";
    internal const string StatePrefix = "state_";
    internal const string ChainKey = "chain";

    private readonly LiteEngine _engine;

    // LiteDB 5.0.21 cannot read a collection while another transaction creates it (litedb-org/LiteDB#2792: "ENSURE: page type must be
    // collection page", and the engine is lost), nor touch its collection list while one is added (#2891). So state reads skip
    // collections that do not exist yet (nothing to read), and a commit that creates one holds this gate exclusively against them.
    private readonly ConcurrentDictionary<string, byte> _existing = new(StringComparer.Ordinal);
    private readonly ReaderWriterLockSlim _creationGate = new(LockRecursionPolicy.NoRecursion);
    private readonly List<string> _creating = []; // writer thread only

    private JournalStore(JournalFilePair files, LiteEngine engine, LiteDatabase db, BsonMapper mapper)
    {
        _engine = engine;
        Files = files;
        Db = db;
        Mapper = new DocumentMapper(mapper);
        foreach (var name in db.GetCollectionNames())
        {
            _existing[name] = 0;
        }
    }

    public JournalFilePair Files { get; }

    public LiteDatabase Db { get; }

    /// <summary>Maps state documents; safe on any thread (see <see cref="DocumentMapper"/>).</summary>
    public DocumentMapper Mapper { get; }

    public ILiteCollection<BsonDocument> Events => Db.GetCollection(EventsCollection, BsonAutoId.Int64);

    /// <summary>Opens (creating when neither file exists) and, when writable, checkpoints a non-empty log away.</summary>
    public static JournalStore Open(IJournalFileSystem fs, string dataPath, string logPath, bool writable, bool create, SalvageMode salvage)
    {
        if (create && !fs.Exists(dataPath) && !fs.Exists(logPath))
        {
            CreateFresh(fs, dataPath, logPath);
        }

        writable &= salvage == SalvageMode.None;
        var files = JournalFilePair.Open(fs, dataPath, logPath, writable, salvage);
        LiteDatabase? db = null;
        LiteEngine? engine = null;
        try
        {
            var mapper = new BsonMapper();
            var settings = new EngineSettings
            {
                DataStream = files.DataStream,
                LogStream = files.LogStream,
                ReadOnly = !writable,
            };
            engine = new LiteEngine(settings);
            db = new LiteDatabase(engine, mapper, disposeOnClose: true);
            if (writable)
            {
                if (db.CheckpointSize != 0)
                {
                    db.CheckpointSize = 0;
                }

                if (files.LogLength > 0)
                {
                    db.Checkpoint();
                }

                if (Meta(db) is null)
                {
                    db.GetCollection(MetaCollection).Upsert(new BsonDocument
                    {
                        ["_id"] = ChainKey,
                        ["journalId"] = files.JournalId,
                        ["prunedThroughSeq"] = 0L,
                        ["prunedHash"] = "",
                        ["gaps"] = new BsonArray(),
                    });
                }
            }

            return new JournalStore(files, engine, db, mapper);
        }
        catch (Exception e) when (e is not JournalIoException)
        {
            Abandon(db, engine);
            files.Dispose();
            throw new JournalDamageException($"LiteDB could not open {dataPath}: {e.Message}", e);
        }
        catch
        {
            Abandon(db, engine);
            files.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A new journal is built completely under temporary names (headers, LiteDB's first page, the chain metadata, checkpointed),
    /// then the data file and then the log are renamed into place and the directory fsynced: a crash leaves nothing, a complete
    /// data file alone (its log is created on open), or the complete pair.
    /// </summary>
    private static void CreateFresh(IJournalFileSystem fs, string dataPath, string logPath)
    {
        var tmpData = dataPath + ".creating";
        var tmpLog = logPath + ".creating";
        JournalFilePair.CreateFiles(fs, tmpData, tmpLog, Guid.NewGuid());
        using (var store = Open(fs, tmpData, tmpLog, writable: true, create: false, SalvageMode.None))
        {
            store.Db.Checkpoint();
        }

        var dir = Path.GetDirectoryName(Path.GetFullPath(dataPath))!;
        fs.SyncDirectory(dir);
        fs.Rename(tmpData, dataPath);
        fs.Rename(tmpLog, logPath);
        fs.SyncDirectory(dir);
    }

    public static BsonDocument? Meta(LiteDatabase db) => db.GetCollection(MetaCollection).FindById(ChainKey);

    public ChainMeta ReadChain()
    {
        var meta = Meta(Db);
        if (meta is null)
        {
            return ChainMeta.Empty;
        }

        var gaps = meta["gaps"].IsArray
            ? meta["gaps"].AsArray.Select(g => new SeqRange(g["from"].AsInt64, g["to"].AsInt64)).ToList()
            : [];
        return new ChainMeta(meta["prunedThroughSeq"].AsInt64, meta["prunedHash"].AsString ?? "", gaps);
    }

    public static BsonDocument ToDocument(JournalEntry e) => new()
    {
        ["_id"] = e.Seq,
        ["id"] = e.Id,
        ["type"] = e.Type,
        ["at"] = EntryHash.FormatTime(e.OccurredAt),
        ["payload"] = e.PayloadJson,
        ["prev"] = e.PrevHash,
        ["hash"] = e.Hash,
    };

    /// <summary>Maps a stored event back; throws <see cref="FormatException"/> naming the field when it is missing or mistyped.</summary>
    public static JournalEntry ToEntry(BsonDocument d)
    {
        var seq = d["_id"].IsInt64 ? d["_id"].AsInt64 : throw new FormatException($"event _id is {d["_id"].Type}, not Int64");
        var at = Text(d, "at", seq);
        if (!EntryHash.TryParseTime(at, out var time))
        {
            throw new FormatException($"seq {seq}: field 'at' \"{at}\" is not {EntryHash.TimeFormat}");
        }

        var id = d["id"].IsGuid ? d["id"].AsGuid : throw new FormatException($"seq {seq}: field 'id' is {d["id"].Type}, not Guid");
        return new JournalEntry(seq, id, Text(d, "type", seq), time, Text(d, "payload", seq), Text(d, "prev", seq), Text(d, "hash", seq));
    }

    public static string StateCollection(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 60 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            throw new ArgumentException($"state collection name \"{name}\" must be 1–60 ASCII letters, digits, '_' or '-'", nameof(name));
        }

        return StatePrefix + name;
    }

    public void Dispose()
    {
        Abandon(Db, _engine);
        Files.Dispose();
        _creationGate.Dispose();
    }

    /// <summary>Whether a collection exists or is being created by the open transaction (writer thread).</summary>
    internal bool ExistsForWriter(string collection) => _existing.ContainsKey(collection) || _creating.Contains(collection);

    /// <summary>
    /// Writer thread, inside a transaction, before its first write to <paramref name="collection"/>: when the write creates it, takes
    /// the creation gate (once per transaction) so no reader touches LiteDB until <see cref="EndTransaction"/>.
    /// </summary>
    internal void BeforeWrite(string collection)
    {
        if (_existing.ContainsKey(collection) || _creating.Contains(collection))
        {
            return;
        }

        if (_creating.Count == 0)
        {
            _creationGate.EnterWriteLock();
        }

        _creating.Add(collection);
    }

    /// <summary>Writer thread, after the transaction committed or rolled back (every path): releases the creation gate.</summary>
    internal void EndTransaction(bool committed)
    {
        if (_creating.Count == 0)
        {
            return;
        }

        if (committed)
        {
            foreach (var name in _creating)
            {
                _existing[name] = 0;
            }
        }

        _creating.Clear();
        _creationGate.ExitWriteLock();
    }

    /// <summary>Any thread: reads a state collection, or gives <paramref name="absent"/> when it does not exist (yet).</summary>
    internal T ReadCollection<T>(string collection, Func<T> read, T absent)
    {
        if (!_existing.ContainsKey(collection))
        {
            return absent;
        }

        _creationGate.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _creationGate.ExitReadLock();
        }
    }

    /// <summary>The engine's open transactions (see <see cref="LiteDbFinalizers.OpenTransactions"/>).</summary>
    internal object[]? OpenTransactions() => LiteDbFinalizers.OpenTransactions(_engine);

    private static void Abandon(LiteDatabase? db, LiteEngine? engine)
    {
        // Before the dispose too: disposing a half-failed engine can throw out of a transaction's Dispose before that transaction
        // suppresses its own finalizer, and after the dispose the monitor may no longer list it; its finalizer would then throw on
        // the finalizer thread and end the process (seen in a clean-clone CI run of the crash simulation).
        if (engine is not null)
        {
            LiteDbFinalizers.SuppressOpenTransactions(engine);
        }

        DisposeQuietly((IDisposable?)db ?? engine);
        if (engine is not null)
        {
            LiteDbFinalizers.SuppressOpenTransactions(engine);
        }
    }

    /// <summary>Closes without letting LiteDB checkpoint into files that already failed (their writes throw; that is expected here).</summary>
    public static void DisposeQuietly(IDisposable? disposable)
    {
        try
        {
            disposable?.Dispose();
        }
        catch (Exception e) when (e is IOException or LiteException or ObjectDisposedException or InvalidOperationException)
        {
            // the engine is being abandoned after an I/O failure; its files are re-validated on the next open
        }
    }

    private static string Text(BsonDocument d, string field, long seq) =>
        d[field].IsString ? d[field].AsString : throw new FormatException($"seq {seq}: field '{field}' is {d[field].Type}, not String");
}

internal sealed record ChainMeta(long PrunedThroughSeq, string PrunedHash, IReadOnlyList<SeqRange> Gaps)
{
    public static ChainMeta Empty { get; } = new(0, "", []);
}
