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

    /// <summary>
    /// Runs every store <paramref name="rounds"/> times, interleaved (raw, single, group, SQLite, plain, raw, …) so that load
    /// changes on a shared machine hit all of them alike, and reports each one's median round.
    /// </summary>
    public static async Task<int> RunAsync(string dir, TimeSpan duration, int rounds, string? only = null)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        Console.WriteLine($"journal bench in {dir}, {rounds} interleaved rounds of {duration.TotalSeconds:0} s per store, {Environment.ProcessorCount} cores, {RuntimeInformationText()}");
        var results = new Dictionary<string, List<Result>>();
        void Add(string name, Result r)
        {
            if (!results.TryGetValue(name, out var list))
            {
                results[name] = list = [];
            }

            list.Add(r);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {r.Rate:0}/s {r.Note}"));
        }

        for (var round = 0; round < rounds; round++)
        {
            bool Run(string name) => only is null || only == name;
            if (Run("raw"))
            {
                Add("raw", Raw(Path.Combine(dir, $"raw{round}"), duration, preallocated: true));
            }

            if (Run("raw-append"))
            {
                Add("raw-append", Raw(Path.Combine(dir, $"rawa{round}"), duration, preallocated: false));
            }

            if (Run("raw-commit"))
            {
                Add("raw-commit", RawCommitShaped(Path.Combine(dir, $"rawc{round}"), duration));
            }

            if (Run("single"))
            {
                Add("single", await Durable(Path.Combine(dir, $"single{round}"), duration, producers: 1).ConfigureAwait(false));
            }

            if (Run("group"))
            {
                Add("group", await Durable(Path.Combine(dir, $"group{round}"), duration, producers: 8).ConfigureAwait(false));
            }

            if (Run("sqlite"))
            {
                Add("sqlite", Sqlite(Path.Combine(dir, $"sqlite{round}.db"), duration));
            }

            if (Run("plain"))
            {
                Add("plain", PlainLiteDb(Path.Combine(dir, $"plain{round}.db"), duration));
            }
        }

        if (only is not null)
        {
            Directory.Delete(dir, recursive: true);
            return results.Count > 0 ? 0 : 2;
        }

        Result Median(string name) => results[name].OrderBy(r => r.Rate).ElementAt(results[name].Count / 2);
        var raw = Median("raw");
        var rawAppend = Median("raw-append");
        var rawCommit = Median("raw-commit");
        var single = Median("single");
        var group = Median("group");
        var sqlite = Median("sqlite");
        var plain = Median("plain");

        Console.WriteLine();
        Console.WriteLine("| run (median of rounds) | events/s | vs raw write+fdatasync | vs durable single | note |");
        Console.WriteLine("|---|---:|---:|---:|---|");
        Row("raw 4 KiB pwrite + fdatasync, preallocated file", raw.Rate, raw.Rate, single.Rate, "the physical limit: one sync per op, no size change");
        Row("raw 4 KiB pwrite + fdatasync, appending", rawAppend.Rate, raw.Rate, single.Rate, "each sync also commits a size change");
        Row("raw, one journal commit's I/O: 4 × 8 KiB pages + 512 B stamp, fdatasync", rawCommit.Rate, raw.Rate, single.Rate, "the same bytes and sync as a commit, no LiteDB");
        Row("journal, durable single-event commits", single.Rate, raw.Rate, single.Rate, $"1 producer awaiting each commit; {single.Note}");
        Row("journal, group commit, 8 producers", group.Rate, raw.Rate, single.Rate, $"{group.Note}");
        Row("SQLite WAL, synchronous=FULL", sqlite.Rate, raw.Rate, single.Rate, "1 transaction per event");
        Row("plain LiteDB 5.0.21 (no durability)", plain.Rate, raw.Rate, single.Rate, "commits not fsynced: lost on power cut");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"journal single vs SQLite: {single.Rate / sqlite.Rate:0.00}×; vs its own commit's raw I/O: {single.Rate / rawCommit.Rate:0.00}×"));
        Directory.Delete(dir, recursive: true);
        return 0;
    }

    private static void Row(string name, double rate, double raw, double single, string note) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {rate:0} | {rate / raw:0.00}× | {rate / single:0.00}× | {note} |"));

    private static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

    private static Result Raw(string dir, TimeSpan duration, bool preallocated)
    {
        Directory.CreateDirectory(dir);
        var fs = new LibcFileSystem();
        using var file = fs.Open(Path.Combine(dir, "raw.bin"), JournalFileMode.ReadWriteCreate);
        const long Span = 16L * 1024 * 1024;
        if (preallocated)
        {
            Preallocate(file, Span);
        }

        var block = new byte[4096];
        Random.Shared.NextBytes(block);
        var sw = Stopwatch.StartNew();
        long n = 0;
        while (sw.Elapsed < duration)
        {
            file.Write(preallocated ? n * 4096 % Span : n * 4096, block);
            file.DataSync();
            n++;
        }

        return new Result(n / sw.Elapsed.TotalSeconds, "");
    }

    /// <summary>
    /// The I/O of one journal commit without LiteDB: the four 8 KiB log pages a sale-plus-state transaction writes (strace of the
    /// journal bench), appended into preallocated space, plus the 512-byte commit stamp at offset 0, then one fdatasync.
    /// </summary>
    private static Result RawCommitShaped(string dir, TimeSpan duration)
    {
        Directory.CreateDirectory(dir);
        var fs = new LibcFileSystem();
        using var file = fs.Open(Path.Combine(dir, "raw-shaped.bin"), JournalFileMode.ReadWriteCreate);
        const long Span = 16L * 1024 * 1024;
        Preallocate(file, Span);
        var page = new byte[8192];
        var stamp = new byte[512];
        Random.Shared.NextBytes(page);
        Random.Shared.NextBytes(stamp);
        var sw = Stopwatch.StartNew();
        long n = 0;
        long next = 4096;
        while (sw.Elapsed < duration)
        {
            for (var i = 0; i < 4; i++)
            {
                if (next + page.Length > Span)
                {
                    next = 4096;
                }

                file.Write(next, page);
                next += page.Length;
            }

            file.Write(0, stamp);
            file.DataSync();
            n++;
        }

        return new Result(n / sw.Elapsed.TotalSeconds, "");
    }

    /// <summary>Writes zeros over the first <paramref name="span"/> bytes and syncs: later writes there change no file size.</summary>
    private static void Preallocate(IJournalFile file, long span)
    {
        var zeros = new byte[1024 * 1024];
        for (long at = 0; at < span; at += zeros.Length)
        {
            file.Write(at, zeros);
        }

        file.FullSync();
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
        var inSync = journal.GroupSyncTicks * 1000.0 / Stopwatch.Frequency / groups;
        return new Result(count / seconds, string.Create(CultureInfo.InvariantCulture, $"{count / (double)groups:0.0} events per group commit, {inWriter:0.00} ms per group in the writer ({inSync:0.00} ms of it in fdatasync)"));
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
