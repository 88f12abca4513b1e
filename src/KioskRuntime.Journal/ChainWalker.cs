using KioskRuntime.Journal.Storage;
using LiteDB;

namespace KioskRuntime.Journal;

/// <summary>
/// Walks stored events in seq order and checks the chain: seq contiguous from the pruned checkpoint (or 1) except recorded gaps,
/// stored prev = previous hash, stored hash = recomputed hash. Used by Verify, by open, and by recovery's salvage.
/// </summary>
internal sealed class ChainWalker
{
    private const int WalkBatch = 1024;

    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly ChainMeta _meta;

    public ChainWalker(ChainMeta meta)
    {
        _meta = meta;
        LastHash = meta.PrunedHash;
        LastSeq = meta.PrunedThroughSeq;
    }

    public long Count { get; private set; }

    public long FirstSeq { get; private set; }

    public long LastSeq { get; private set; }

    public string LastHash { get; private set; }

    public long? ProblemSeq { get; private set; }

    public string? Problem { get; private set; }

    public IReadOnlyDictionary<string, long> Counts => _counts;

    public long ExpectedNext
    {
        get
        {
            var next = LastSeq + 1;
            foreach (var gap in _meta.Gaps.OrderBy(g => g.From))
            {
                if (gap.From == next)
                {
                    next = gap.To + 1;
                }
            }

            return next;
        }
    }

    /// <summary>Checks one stored document; false (with Problem set) at the first entry that breaks the chain.</summary>
    public bool Accept(BsonDocument doc)
    {
        JournalEntry entry;
        try
        {
            entry = JournalStore.ToEntry(doc);
        }
        catch (FormatException e)
        {
            return Fail(doc["_id"].IsInt64 ? doc["_id"].AsInt64 : ExpectedNext, $"unreadable entry: {e.Message}");
        }

        return Accept(entry);
    }

    public bool Accept(JournalEntry e)
    {
        var expected = ExpectedNext;
        if (e.Seq != expected)
        {
            return Fail(expected, e.Seq > expected ? $"seq {expected} is missing (next stored seq is {e.Seq})" : $"seq {e.Seq} appears after seq {LastSeq}");
        }

        if (!string.Equals(e.PrevHash, LastHash, StringComparison.Ordinal))
        {
            return Fail(e.Seq, $"stored previous hash {Short(e.PrevHash)} does not match the hash of the entry before ({Short(LastHash)})");
        }

        if (!EntryHash.IsWellFormed(e.Hash))
        {
            return Fail(e.Seq, $"stored hash \"{Short(e.Hash)}\" is not 64 lowercase hex digits");
        }

        var computed = EntryHash.Compute(LastHash, e.Seq, e.Id, e.Type, EntryHash.FormatTime(e.OccurredAt), e.PayloadJson);
        if (!string.Equals(computed, e.Hash, StringComparison.Ordinal))
        {
            return Fail(e.Seq, $"hash mismatch: stored {Short(e.Hash)}, computed {Short(computed)} (seq, id, type, time or payload changed)");
        }

        if (Count == 0)
        {
            FirstSeq = e.Seq;
        }

        Count++;
        LastSeq = e.Seq;
        LastHash = e.Hash;
        _counts[e.Type] = _counts.GetValueOrDefault(e.Type) + 1;
        return true;
    }

    public bool Fail(long seq, string problem)
    {
        ProblemSeq = seq;
        Problem = problem;
        return false;
    }

    public JournalVerification ToVerification() =>
        new(Problem is null, Count, FirstSeq, LastSeq, LastHash, new Dictionary<string, long>(_counts, StringComparer.Ordinal), ProblemSeq, Problem);

    /// <summary>Walks every stored event; LiteDB read errors (damaged pages) become the problem at the next expected seq.</summary>
    public static ChainWalker Walk(JournalStore store, Action<JournalEntry>? onVerified = null)
    {
        ChainMeta meta;
        try
        {
            meta = store.ReadChain();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var broken = new ChainWalker(ChainMeta.Empty);
            broken.Fail(1, $"chain metadata unreadable: {e.Message}");
            return broken;
        }

        var walker = new ChainWalker(meta);
        try
        {
            // In bounded batches, each its own read transaction: LiteDB 5.0.21 keeps every page a transaction has read pinned until it
            // ends, and its page cache never gives memory back, so one query over the whole journal would leave kioskd holding a
            // journal-sized cache for the rest of its life (a 100,000-event backlog: +70 MiB).
            var after = BsonValue.MinValue;
            while (true)
            {
                var from = after;
                var batch = store.Events.Query().Where("_id > @0", from).OrderBy("_id").Limit(WalkBatch).ToList();
                foreach (var doc in batch)
                {
                    if (!walker.Accept(doc))
                    {
                        return walker;
                    }

                    onVerified?.Invoke(JournalStore.ToEntry(doc));
                }

                if (batch.Count < WalkBatch)
                {
                    break;
                }

                after = batch[^1]["_id"];
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // a damaged page can make LiteDB's reader throw almost anything (NotSupported, InvalidCast, IndexOutOfRange …):
            // for a verifier every one of them is a finding, reported with the place it was found
            walker.Fail(walker.ExpectedNext, $"unreadable after seq {walker.LastSeq}: {e.GetType().Name}: {e.Message}");
        }

        return walker;
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;
}
