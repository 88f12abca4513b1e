using KioskRuntime.Journal.Storage;
using LiteDB;

namespace KioskRuntime.Journal;

/// <summary>The <see cref="IJournalState"/> handed to a write's apply: LiteDB calls on the writer thread, inside its transaction.</summary>
internal sealed class JournalState(JournalStore store) : IJournalState
{
    // The writer's own reads need no gate (it is the only creator) but must see collections its open transaction created.
    public T? Get<T>(string collection, string key) where T : class =>
        store.ExistsForWriter(JournalStore.StateCollection(collection)) ? ReadUnguarded<T>(store, collection, key) : null;

    public void Put<T>(string collection, string key, T document) where T : class
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(document);
        var name = JournalStore.StateCollection(collection);
        store.BeforeWrite(name);
        var doc = new BsonDocument { ["_id"] = key, ["v"] = store.Mapper.ToDocument(document) };
        store.Db.GetCollection(name).Upsert(doc);
    }

    public bool Delete(string collection, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var name = JournalStore.StateCollection(collection);
        return store.ExistsForWriter(name) && store.Db.GetCollection(name).Delete(key);
    }

    public IEnumerable<T> All<T>(string collection) where T : class =>
        store.ExistsForWriter(JournalStore.StateCollection(collection)) ? ListUnguarded<T>(store, collection) : [];

    /// <summary>Any thread but the writer's.</summary>
    internal static T? Read<T>(JournalStore store, string collection, string key) where T : class
    {
        ArgumentNullException.ThrowIfNull(key);
        return store.ReadCollection(JournalStore.StateCollection(collection), () => ReadUnguarded<T>(store, collection, key), null);
    }

    /// <summary>Any thread but the writer's.</summary>
    internal static List<T> List<T>(JournalStore store, string collection) where T : class =>
        store.ReadCollection(JournalStore.StateCollection(collection), () => ListUnguarded<T>(store, collection), []);

    private static T? ReadUnguarded<T>(JournalStore store, string collection, string key) where T : class
    {
        var doc = store.Db.GetCollection(JournalStore.StateCollection(collection)).FindById(key);
        return doc is null ? null : store.Mapper.ToObject<T>(doc["v"].AsDocument);
    }

    private static List<T> ListUnguarded<T>(JournalStore store, string collection) where T : class =>
        store.Db.GetCollection(JournalStore.StateCollection(collection)).FindAll()
            .Select(d => store.Mapper.ToObject<T>(d["v"].AsDocument))
            .ToList();
}
