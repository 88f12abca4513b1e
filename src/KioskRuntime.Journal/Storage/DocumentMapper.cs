using LiteDB;

namespace KioskRuntime.Journal.Storage;

/// <summary>
/// The journal's one way between state documents and BSON, safe on any thread.
/// </summary>
/// <remarks>
/// LiteDB 5.0.21's <see cref="BsonMapper"/> is not safe for a type's first use from two threads: it publishes a type's entity
/// mapper in its cache before filling in the members, and reads that cache outside its lock. A scan reading the catalog while the
/// writer thread stores the first catalog document after a start could therefore map a document with half its members and see,
/// say, an empty product name. Every mapping goes through one lock here; a mapping takes microseconds, so the lock costs nothing
/// the sale path would notice, and it covers nested types, whose mappers LiteDB builds lazily on first sight of a value.
/// </remarks>
internal sealed class DocumentMapper(BsonMapper mapper)
{
    private readonly Lock _gate = new();

    public BsonDocument ToDocument<T>(T value) where T : class
    {
        lock (_gate)
        {
            return mapper.ToDocument(value);
        }
    }

    public T ToObject<T>(BsonDocument document) where T : class
    {
        lock (_gate)
        {
            return mapper.ToObject<T>(document);
        }
    }
}
