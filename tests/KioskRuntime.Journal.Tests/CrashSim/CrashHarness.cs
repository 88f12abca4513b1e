using System.Text.RegularExpressions;
using KioskRuntime.Journal.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace KioskRuntime.Journal.Tests.CrashSim;

/// <summary>A store under crash test: commits numbered sales, and after a reopen lists what it holds.</summary>
internal interface ICrashSubject : IDisposable
{
    /// <summary>Commits sale <paramref name="n"/>; returns its seq once acknowledged (durable, per the store's own claim).</summary>
    long Commit(int n);

    /// <summary>(seq, n, hash) in seq order, plus the state counter written with each sale.</summary>
    (IReadOnlyList<(long Seq, int N, string Hash)> Events, long Counter) ReadAll();

    string Hash(long seq);
}

/// <summary>
/// Runs crash points: fresh store on a <see cref="SimFileSystem"/>, commits until the armed power cut, builds a crash image, reopens,
/// and checks the invariants (opens; every acknowledged sale present exactly once with the same seq and hash; seqs contiguous;
/// state counter consistent with the events). Returns one line per violated crash point.
/// </summary>
internal static partial class CrashHarness
{
    internal const string Dir = "/sim/journal";

    public static List<string> Run(Func<SimFileSystem, ICrashSubject> open, int crashPoints, int seed, int sectorSize, int producers = 1, int maxCommits = 30)
    {
        var violations = new List<string>();
        var rng = new Random(seed);

        // measure how many mutating operations a full run takes, to spread crash points over all of it
        var probe = new SimFileSystem();
        long total;
        using (var subject = open(probe))
        {
            for (var i = 0; i < maxCommits; i++)
            {
                subject.Commit(i);
            }

            total = probe.Operations;
        }

        for (var point = 0; point < crashPoints; point++)
        {
            var fs = new SimFileSystem();
            var crashAt = 1 + rng.NextInt64(total);
            var acked = new List<(long Seq, int N, string Hash)>();
            ICrashSubject? subject = null;
            try
            {
                fs.ArmCrash(crashAt);
                subject = open(fs);
                var next = 0;
                var gate = new object();
                void Producer()
                {
                    while (true)
                    {
                        int n;
                        lock (gate)
                        {
                            if (next >= maxCommits)
                            {
                                return;
                            }

                            n = next++;
                        }

                        var seq = subject.Commit(n);
                        var hash = subject.Hash(seq);
                        lock (gate)
                        {
                            acked.Add((seq, n, hash));
                        }
                    }
                }

                var threads = Enumerable.Range(0, producers).Select(_ => Task.Run(Producer)).ToArray();
                try
                {
                    Task.WaitAll(threads);
                }
                catch (AggregateException) when (fs.Crashed)
                {
                    // the power cut: producers stop at their first failed commit
                }
            }
            catch (Exception e) when (fs.Crashed && e is IOException or JournalUnavailableException or AggregateException or LiteDB.LiteException)
            {
                // crashed while opening: nothing was acknowledged
            }
            finally
            {
                subject?.Dispose();
            }

            var image = fs.CrashImage(rng, sectorSize);
            var problem = Check(open, image, acked);
            if (problem is not null)
            {
                violations.Add($"crash point {point} (op {crashAt}/{total}, {acked.Count} acknowledged): {problem}");
            }
        }

        return violations;
    }

    private static string? Check(Func<SimFileSystem, ICrashSubject> open, Dictionary<string, byte[]> image, List<(long Seq, int N, string Hash)> acked)
    {
        if (!image.ContainsKey(Path.Combine(Dir, "journal.db")) && acked.Count == 0)
        {
            return null; // crashed before the journal existed
        }

        ICrashSubject reopened;
        try
        {
            reopened = open(SimFileSystem.FromImage(image));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"does not open: {e.GetType().Name}: {e.Message} [{Diagnose(image)}]";
        }

        using (reopened)
        {
            IReadOnlyList<(long Seq, int N, string Hash)> events;
            long counter;
            try
            {
                (events, counter) = reopened.ReadAll();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return $"opens but cannot be read: {e.GetType().Name}: {e.Message}";
            }

            for (var i = 0; i < events.Count; i++)
            {
                if (events[i].Seq != i + 1)
                {
                    return $"seqs not contiguous: position {i} holds seq {events[i].Seq}";
                }
            }

            var dup = events.GroupBy(e => e.N).FirstOrDefault(g => g.Count() > 1);
            if (dup is not null)
            {
                return $"sale {dup.Key} present {dup.Count()} times";
            }

            foreach (var a in acked)
            {
                if (a.Seq > events.Count)
                {
                    return $"acknowledged seq {a.Seq} (sale {a.N}) lost: journal ends at seq {events.Count}";
                }

                var e = events[(int)a.Seq - 1];
                if (e.N != a.N || e.Hash != a.Hash)
                {
                    return $"acknowledged seq {a.Seq} changed: sale {e.N} hash {e.Hash}, acknowledged sale {a.N} hash {a.Hash}";
                }
            }

            if (counter != events.Count)
            {
                return $"state counter {counter} but {events.Count} sale events: state and events not atomic";
            }
        }

        return null;
    }

    private static string Diagnose(Dictionary<string, byte[]> image)
    {
        try
        {
            using var store = JournalStore.Open(SimFileSystem.FromImage(image), Path.Combine(Dir, "journal.db"), Path.Combine(Dir, "journal-log.db"), false, false, SalvageMode.None);
            var walk = ChainWalker.Walk(store);
            return walk.Problem is null ? "read-only open verifies" : $"seq {walk.ProblemSeq}: {walk.Problem}";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"read-only open: {e.GetType().Name}: {e.Message}";
        }
    }

    internal static int SaleNumber(string payload) => int.Parse(NumberPattern().Match(payload).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("\"n\":(\\d+)")]
    private static partial Regex NumberPattern();
}

/// <summary>The journal under test, on the simulated file system (checkpoints every 64 KiB of log so crashes hit them too).</summary>
internal sealed class JournalSubject : ICrashSubject
{
    private readonly KioskJournal _journal;

    public JournalSubject(SimFileSystem fs)
    {
        _journal = KioskJournal.Open(new JournalOptions { DataDirectory = CrashHarness.Dir, DiskReserveBytes = 0 }, TimeProvider.System, NullLogger<KioskJournal>.Instance, fs);
        _journal.CheckpointBytes = 64 * 1024;
        if (!_journal.Health.CanWrite)
        {
            throw new InvalidOperationException($"journal not writable after open: {_journal.Health.Reason}");
        }
    }

    public long Commit(int n) => _journal.CommitAsync(Writes.Sale(n, (s, e) =>
    {
        var c = s.Get<Counter>("c", "sales") ?? new Counter();
        s.Put("c", "sales", new Counter { Value = c.Value + e.Count });
    })).GetAwaiter().GetResult()[0].Seq;

    public string Hash(long seq) => _journal.GetEvent(seq)!.Hash;

    public (IReadOnlyList<(long Seq, int N, string Hash)> Events, long Counter) ReadAll()
    {
        var v = _journal.Verify();
        if (!v.IsValid)
        {
            throw new InvalidOperationException($"chain does not verify: seq {v.ProblemSeq}: {v.Problem}");
        }

        var events = _journal.ReadEvents(1).Select(e => (e.Seq, CrashHarness.SaleNumber(e.PayloadJson), e.Hash)).ToList();
        return (events, _journal.GetState<Counter>("c", "sales")?.Value ?? 0);
    }

    public void Dispose() => _journal.Dispose();
}
