using KioskRuntime.Journal.Storage;
using LiteDB;

namespace KioskRuntime.Journal.Tests.CrashSim;

/// <summary>
/// Plain LiteDB 5.0.21 as it behaves in filename mode: writes go straight to the files, the only syncs are the ones LiteDB itself
/// asks for (Flush at checkpoint, as FileStream.Flush(true) would), no barrier and no sync at commit.
/// </summary>
internal sealed class PlainLiteDbSubject : ICrashSubject
{
    private readonly LiteDatabase _db;

    public PlainLiteDbSubject(SimFileSystem fs)
    {
        var data = new PlainStream(fs.Open(Path.Combine(CrashHarness.Dir, "plain.db"), JournalFileMode.ReadWriteCreate));
        var log = new PlainStream(fs.Open(Path.Combine(CrashHarness.Dir, "plain-log.db"), JournalFileMode.ReadWriteCreate));
        _engine = new LiteDB.Engine.LiteEngine(new LiteDB.Engine.EngineSettings { DataStream = data, LogStream = log });
        _db = new LiteDatabase(_engine, new BsonMapper());
    }

    private readonly LiteDB.Engine.LiteEngine _engine;

    public long Commit(int n)
    {
        var events = _db.GetCollection("events", BsonAutoId.Int64);
        var seq = events.Count() + 1L;
        _db.BeginTrans();
        events.Insert(new BsonDocument { ["_id"] = seq, ["n"] = n });
        var counters = _db.GetCollection("counters");
        var c = counters.FindById("sales")?["v"].AsInt64 ?? 0;
        counters.Upsert(new BsonDocument { ["_id"] = "sales", ["v"] = c + 1 });
        _db.Commit();
        return seq;
    }

    public string Hash(long seq) => "";

    public (IReadOnlyList<(long Seq, int N, string Hash)> Events, long Counter) ReadAll()
    {
        var events = _db.GetCollection("events").FindAll().Select(d => (d["_id"].AsInt64, d["n"].AsInt32, "")).ToList();
        return (events, _db.GetCollection("counters").FindById("sales")?["v"].AsInt64 ?? 0);
    }

    public void Dispose()
    {
        LiteDbFinalizers.SuppressOpenTransactions(_engine);
        try
        {
            _db.Dispose();
        }
        catch (Exception e) when (e is IOException or LiteException)
        {
            // dispose checkpoints; after the simulated power cut that fails, as it would in a dead process
        }
        finally
        {
            LiteDbFinalizers.SuppressOpenTransactions(_engine);
        }
    }

    private sealed class PlainStream(IJournalFile file) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => true;

        public override long Length => file.GetLength();

        public override long Position { get; set; }

        public override void Flush() => file.FullSync();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = file.Read(Position, buffer.AsSpan(offset, count));
            Position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            _ => Length + offset,
        };

        public override void SetLength(long value) => file.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count)
        {
            file.Write(Position, buffer.AsSpan(offset, count));
            Position += count;
        }
    }
}
