using System.Diagnostics;
using System.Globalization;
using KioskRuntime.Journal;
using KioskRuntime.Journal.Storage;
using LiteDB;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace KioskRuntime.Bench.Journal;

/// <summary>Every store gets the same event stream (a ~200-byte sale payload + one state upsert per event) for the same time.</summary>
internal static class JournalBench
{
    private const string Payload = "{\"receiptNo\":1042,\"lines\":[{\"gtin\":\"07038010055690\",\"qty\":\"1\",\"unitPrice\":\"24.90\",\"vatRate\":\"15\"}],\"payments\":[{\"kind\":\"card\",\"amount\":\"24.90\"}],\"total\":\"24.90\"}";

    public static async Task<int> RunAsync(string dir, TimeSpan duration)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        Console.WriteLine($"journal bench in {dir}, {duration.TotalSeconds:0} s per run, {Environment.ProcessorCount} cores, {RuntimeInformationText()}");
        var raw = Raw(dir, duration);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw: {raw.Rate:0}/s = {1000 / raw.Rate:0.00} ms per write+fdatasync"));
        var single = await Durable(Path.Combine(dir, "single"), duration, producers: 1).ConfigureAwait(false);
        var group = await Durable(Path.Combine(dir, "group"), duration, producers: 8).ConfigureAwait(false);
        var sqlite = Sqlite(Path.Combine(dir, "sqlite.db"), duration);
        var plain = PlainLiteDb(Path.Combine(dir, "plain.db"), duration);

        Console.WriteLine();
        Console.WriteLine("| run | events/s | vs raw write+fdatasync | vs durable single | note |");
        Console.WriteLine("|---|---:|---:|---:|---|");
        Row("raw 4 KiB pwrite + fdatasync", raw.Rate, raw.Rate, single.Rate, "the physical limit: one sync per op");
        Row("journal, durable single-event commits", single.Rate, raw.Rate, single.Rate, $"1 producer awaiting each commit; {single.Note}");
        Row("journal, group commit, 8 producers", group.Rate, raw.Rate, single.Rate, $"{group.Note}");
        Row("SQLite WAL, synchronous=FULL", sqlite.Rate, raw.Rate, single.Rate, "1 transaction per event");
        Row("plain LiteDB 5.0.21 (no durability)", plain.Rate, raw.Rate, single.Rate, "commits not fsynced: lost on power cut");
        Directory.Delete(dir, recursive: true);
        return 0;
    }

    private static void Row(string name, double rate, double raw, double single, string note) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {rate:0} | {rate / raw:0.00}× | {rate / single:0.00}× | {note} |"));

    private static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

    private static Result Raw(string dir, TimeSpan duration)
    {
        var fs = new LibcFileSystem();
        using var file = fs.Open(Path.Combine(dir, "raw.bin"), JournalFileMode.ReadWriteCreate);
        var block = new byte[4096];
        Random.Shared.NextBytes(block);
        var sw = Stopwatch.StartNew();
        long n = 0;
        while (sw.Elapsed < duration)
        {
            file.Write(n * 4096, block);
            file.DataSync();
            n++;
        }

        return new Result(n / sw.Elapsed.TotalSeconds, "");
    }

    private static async Task<Result> Durable(string dir, TimeSpan duration, int producers)
    {
        using var journal = KioskJournal.Open(new JournalOptions { DataDirectory = dir }, TimeProvider.System, NullLogger<KioskJournal>.Instance);
        var sw = Stopwatch.StartNew();
        long count = 0;
        var tasks = Enumerable.Range(0, producers).Select(async p =>
        {
            var i = 0;
            while (sw.Elapsed < duration)
            {
                var key = $"p{p}";
                var n = i++;
                await journal.CommitAsync(new JournalWrite(
                    [new NewEvent("sale", Payload, DateTimeOffset.UtcNow)],
                    (s, _) => s.Put("receipts", key, new Counter { Value = n }))).ConfigureAwait(false);
                Interlocked.Increment(ref count);
            }
        }).ToArray();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        var seconds = sw.Elapsed.TotalSeconds;
        var v = journal.Verify();
        if (!v.IsValid || v.EntryCount != count)
        {
            throw new InvalidOperationException($"bench journal does not verify: {v.Problem}");
        }

        var groups = Math.Max(1, journal.GroupCount);
        var inWriter = journal.GroupTicks * 1000.0 / Stopwatch.Frequency / groups;
        return new Result(count / seconds, string.Create(CultureInfo.InvariantCulture, $"{count / (double)groups:0.0} events per group commit, {inWriter:0.00} ms per group in the writer"));
    }

    private static Result Sqlite(string path, TimeSpan duration)
    {
        using var db = new SqliteConnection($"Data Source={path};Pooling=False");
        db.Open();
        Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
        Exec(db, "CREATE TABLE events(seq INTEGER PRIMARY KEY, id TEXT NOT NULL, type TEXT NOT NULL, at TEXT NOT NULL, payload TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL);" +
                 "CREATE TABLE state(k TEXT PRIMARY KEY, v TEXT NOT NULL);");
        using var insert = db.CreateCommand();
        insert.CommandText = "INSERT INTO events VALUES($seq,$id,'sale',$at,$payload,$prev,$hash)";
        using var upsert = db.CreateCommand();
        upsert.CommandText = "INSERT OR REPLACE INTO state VALUES('p0',$v)";
        var sw = Stopwatch.StartNew();
        long n = 0;
        var prev = "";
        while (sw.Elapsed < duration)
        {
            using var tx = db.BeginTransaction();
            insert.Transaction = tx;
            upsert.Transaction = tx;
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(prev + Payload)));
            insert.Parameters.Clear();
            insert.Parameters.AddWithValue("$seq", n + 1);
            insert.Parameters.AddWithValue("$id", Guid.CreateVersion7().ToString());
            insert.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("$payload", Payload);
            insert.Parameters.AddWithValue("$prev", prev);
            insert.Parameters.AddWithValue("$hash", hash);
            insert.ExecuteNonQuery();
            upsert.Parameters.Clear();
            upsert.Parameters.AddWithValue("$v", n.ToString(CultureInfo.InvariantCulture));
            upsert.ExecuteNonQuery();
            tx.Commit();
            prev = hash;
            n++;
        }

        return new Result(n / sw.Elapsed.TotalSeconds, "");
    }

    private static void Exec(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static Result PlainLiteDb(string path, TimeSpan duration)
    {
        using var db = new LiteDatabase($"Filename={path}");
        var events = db.GetCollection("events", BsonAutoId.Int64);
        var state = db.GetCollection("state");
        var sw = Stopwatch.StartNew();
        long n = 0;
        while (sw.Elapsed < duration)
        {
            db.BeginTrans();
            events.Insert(new BsonDocument { ["_id"] = n + 1, ["id"] = Guid.CreateVersion7(), ["type"] = "sale", ["payload"] = Payload });
            state.Upsert(new BsonDocument { ["_id"] = "p0", ["v"] = n });
            db.Commit();
            n++;
        }

        return new Result(n / sw.Elapsed.TotalSeconds, "");
    }

    private sealed record Result(double Rate, string Note);

    private sealed class Counter
    {
        public long Value { get; set; }
    }
}
