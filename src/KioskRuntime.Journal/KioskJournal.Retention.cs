using KioskRuntime.Journal.Storage;
using LiteDB;

namespace KioskRuntime.Journal;

public sealed partial class KioskJournal
{
    private const int MaxPrunedPerCall = 5000;

    /// <summary>
    /// Removes the oldest entries, in seq order, that are delivered (seq ≤ <paramref name="upToSeq"/>) AND older than
    /// <paramref name="minAge"/> (by OccurredAt); stops at the first entry that is not. At most 5,000 per call (call again for
    /// more). The seq and hash of the last removed entry become the chain's checkpoint, so <see cref="Verify"/> still checks
    /// everything that remains against it. Runs as one write on the writer thread; returns how many entries were removed.
    /// </summary>
    /// <exception cref="JournalUnavailableException">the journal is failed closed, read-only or awaiting recovery acceptance.</exception>
    public long PruneDelivered(long upToSeq, TimeSpan minAge)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minAge, TimeSpan.Zero);
        long removed = 0;
        var cutoff = _time.GetUtcNow() - minAge;
        var write = new JournalWrite([]) { Maintenance = store => removed = Prune(store, upToSeq, cutoff) };
        CommitAsync(write).GetAwaiter().GetResult();
        return removed;
    }

    private static long Prune(JournalStore store, long upToSeq, DateTimeOffset cutoff)
    {
        var chain = store.ReadChain();
        JournalEntry? last = null;
        long count = 0;
        var candidates = store.Events.Query()
            .Where("_id > @0 AND _id <= @1", new BsonValue(chain.PrunedThroughSeq), new BsonValue(upToSeq))
            .OrderBy("_id").Limit(MaxPrunedPerCall).ToEnumerable().Select(JournalStore.ToEntry);
        foreach (var entry in candidates)
        {
            if (entry.OccurredAt > cutoff)
            {
                break;
            }

            last = entry;
            count++;
        }

        if (last is null)
        {
            return 0;
        }

        store.Events.DeleteMany(BsonExpression.Create("_id > @0 AND _id <= @1", new BsonValue(chain.PrunedThroughSeq), new BsonValue(last.Seq)));
        var meta = JournalStore.Meta(store.Db)!;
        meta["prunedThroughSeq"] = last.Seq;
        meta["prunedHash"] = last.Hash;
        store.Db.GetCollection(JournalStore.MetaCollection).Update(meta);
        return count;
    }
}
