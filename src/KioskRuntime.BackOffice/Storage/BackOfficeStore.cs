using Microsoft.Data.Sqlite;

namespace KioskRuntime.BackOffice.Storage;

/// <summary>
/// What the back office keeps, on one <see cref="DataFile"/>: every kiosk's events and cursor (here) and the catalog with
/// stock (<see cref="Catalog"/>). Thread safety: every call is serialised on the file's lock; a unit of work that must be
/// atomic (one pushed batch with its stock) runs in <see cref="InTransaction{T}"/>.
/// </summary>
internal sealed partial class BackOfficeStore : IDisposable
{
    private readonly DataFile _file;

    /// <summary>Opens (or creates) the data file; see <see cref="DataFile"/> for what can go wrong.</summary>
    public BackOfficeStore(string dataPath)
        : this(new DataFile(dataPath))
    {
    }

    // For testing: configure the connection before the schema is read (e.g. PRAGMA max_page_count to fill the "disk").
    internal BackOfficeStore(string dataPath, Action<SqliteConnection> configure)
        : this(new DataFile(dataPath, configure))
    {
    }

    private BackOfficeStore(DataFile file)
    {
        _file = file;
        try
        {
            Catalog = new CatalogTable(file);
            _selectHead = file.Command("SELECT last_seq, last_hash FROM kiosks WHERE kiosk_id = $kiosk", "$kiosk");
            _upsertHead = file.Command(
                """
                INSERT INTO kiosks (kiosk_id, last_seq, last_hash) VALUES ($kiosk, $seq, $hash)
                ON CONFLICT (kiosk_id) DO UPDATE SET last_seq = excluded.last_seq, last_hash = excluded.last_hash
                """,
                "$kiosk", "$seq", "$hash");
            _selectEvent = file.Command($"SELECT {EventColumns} FROM events WHERE kiosk_id = $kiosk AND seq = $seq", "$kiosk", "$seq");
            _selectByAcceptedId = file.Command("SELECT kiosk_id, seq FROM events WHERE accepted_id = $id", "$id");
            _selectReturnsOf = file.Command($"SELECT {EventColumns} FROM events WHERE return_of = $id ORDER BY kiosk_id, seq", "$id");
            _insertEvent = new EventInsert(file.Handle);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The catalog: products, stock and the catalog version, in the same file and transactions.</summary>
    public CatalogTable Catalog { get; }

    public string DataPath => _file.DataPath;

    /// <summary>Why the store refuses writes (the disk or the file failed), or null while healthy; see <see cref="DataFile.Failure"/>.</summary>
    public string? Failure => _file.Failure;

    /// <summary>Runs <paramref name="work"/> as one SQLite transaction: all of it is stored (durably), or none of it.</summary>
    /// <exception cref="IOException">The disk failed now or earlier; nothing of <paramref name="work"/> is acknowledged.</exception>
    public T InTransaction<T>(Func<T> work) => _file.InTransaction(work);

    public void Dispose()
    {
        lock (_file.Gate)
        {
            foreach (var command in new[] { _selectHead, _upsertHead, _selectEvent, _selectByAcceptedId, _selectReturnsOf })
            {
                command.Dispose();
            }

            _insertEvent.Dispose();

            Catalog.Dispose();
            _file.Dispose();
        }
    }

    // For testing: read or set a pragma on the store's own connection.
    internal string Pragma(string name, int? value = null) => _file.Pragma(name, value);
}
