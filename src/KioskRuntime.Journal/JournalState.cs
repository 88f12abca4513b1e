using KioskRuntime.Journal.Storage;
using LiteDB;

namespace KioskRuntime.Journal;

/// <summary>The <see cref="IJournalState"/> handed to a write's apply: LiteDB calls on the writer thread, inside its transaction.</summary>
internal sealed class JournalState(JournalStore store) : IJournalState
{
    public T? Get<T>(string collection, string key) where T : class => Read<T>(store, collection, key);

    public void Put<T>(string collection, string key, T document) where T : class
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(document);
        var doc = new BsonDocument { ["_id"] = key, ["v"] = store.Mapper.ToDocument(document) };
        store.Db.GetCollection(JournalStore.StateCollection(collection)).Upsert(doc);
    }

    public bool Delete(string collection, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return store.Db.GetCollection(JournalStore.StateCollection(collection)).Delete(key);
    }

    public IEnumerable<T> All<T>(string collection) where T : class => List<T>(store, collection);

    internal static T? Read<T>(JournalStore store, string collection, string key) where T : class
    {
        ArgumentNullException.ThrowIfNull(key);
        var doc = store.Db.GetCollection(JournalStore.StateCollection(collection)).FindById(key);
        return doc is null ? null : store.Mapper.ToObject<T>(doc["v"].AsDocument);
    }

    internal static List<T> List<T>(JournalStore store, string collection) where T : class =>
        store.Db.GetCollection(JournalStore.StateCollection(collection)).FindAll()
            .Select(d => store.Mapper.ToObject<T>(d["v"].AsDocument))
            .ToList();
}
