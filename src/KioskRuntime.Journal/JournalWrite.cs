namespace KioskRuntime.Journal;

/// <summary>
/// State access inside a write, on the writer thread only, inside the write's LiteDB transaction. Documents are mapped with
/// LiteDB's BsonMapper. Collection names: letters, digits, '_' and '-', at most 60 characters.
/// </summary>
public interface IJournalState
{
    T? Get<T>(string collection, string key) where T : class;

    /// <summary>Insert or replace.</summary>
    void Put<T>(string collection, string key, T document) where T : class;

    bool Delete(string collection, string key);

    IEnumerable<T> All<T>(string collection) where T : class;
}

/// <summary>
/// One business event: 0..n events plus state changes, committed in ONE LiteDB transaction (possibly shared with other writes in a
/// group commit). <c>apply</c> runs on the writer thread, after the events got their seqs, and sees them; if it throws, only this
/// write fails (nothing of it is committed, no seq is consumed) and CommitAsync rethrows its exception.
/// </summary>
public sealed class JournalWrite
{
    public JournalWrite(IReadOnlyList<NewEvent> events, Action<IJournalState, IReadOnlyList<JournalEntry>>? apply = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i] ?? throw new ArgumentException($"event {i} is null", nameof(events));
            if (string.IsNullOrWhiteSpace(e.Type))
            {
                throw new ArgumentException($"event {i} has an empty Type", nameof(events));
            }

            if (e.PayloadJson is null)
            {
                throw new ArgumentException($"event {i} ({e.Type}) has a null PayloadJson", nameof(events));
            }
        }

        Events = events;
        Apply = apply;
    }

    internal IReadOnlyList<NewEvent> Events { get; }

    internal Action<IJournalState, IReadOnlyList<JournalEntry>>? Apply { get; }

    /// <summary>Journal-internal work run in the same transaction on the writer thread (retention).</summary>
    internal Action<Storage.JournalStore>? Maintenance { get; init; }
}
