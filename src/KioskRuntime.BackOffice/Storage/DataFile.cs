using System.Globalization;
using Microsoft.Data.Sqlite;

namespace KioskRuntime.BackOffice.Storage;

/// <summary>
/// The back office's SQLite file (tables in <see cref="Schema"/>, read and written by <see cref="BackOfficeStore"/> and
/// <see cref="CatalogTable"/>). Durable on commit (WAL, <c>synchronous = FULL</c>: SQLite fsyncs the log before a commit
/// returns and fails the commit when the fsync fails). One connection, held exclusively: a second back office on the same
/// file is refused. Thread safety: every use of the connection holds <see cref="Gate"/>; a unit of work that must be atomic
/// runs in <see cref="InTransaction{T}"/>.
/// </summary>
internal sealed class DataFile : IDisposable
{
    // SQLite's primary result codes (sqlite3.h) that mean the disk or the file failed, not the statement.
    private const int SqliteBusy = 5;
    private const int SqliteIoErr = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADb = 26;

    private readonly SqliteConnection _connection;
    private bool _inTransaction;

    /// <summary>Opens (or creates) the data file and brings its schema to <see cref="Schema.Version"/>.</summary>
    /// <exception cref="IOException">The file cannot be opened: another back office holds it, it is not a SQLite file, or the disk failed.</exception>
    /// <exception cref="InvalidDataException">The file was written by a newer back office, or holds tables this one did not make.</exception>
    public DataFile(string dataPath)
        : this(dataPath, configure: null)
    {
    }

    // For testing: configure the connection before the schema is read (e.g. PRAGMA max_page_count to fill the "disk").
    internal DataFile(string dataPath, Action<SqliteConnection>? configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataPath);
        DataPath = Path.GetFullPath(dataPath);
        Directory.CreateDirectory(Path.GetDirectoryName(DataPath) ?? Path.GetPathRoot(DataPath)!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DataPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false, // Dispose closes the file, so a restart in the same process opens it afresh
            DefaultTimeout = 1, // seconds to wait for a lock; only another process could hold one
        }.ToString());
        try
        {
            _connection.Open();
            configure?.Invoke(_connection);
            Open();
        }
        catch (SqliteException ex)
        {
            _connection.Dispose();
            throw OpenFailure(ex);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    public string DataPath { get; }

    /// <summary>The native connection, for the one statement bound by position (<see cref="EventInsert"/>).</summary>
    public SQLitePCL.sqlite3 Handle => _connection.Handle!;

    /// <summary>Held around every use of the connection (re-entrant: a transaction's work reads and writes under it).</summary>
    public Lock Gate { get; } = new();

    /// <summary>
    /// Why the store refuses writes, or null while healthy. Set when the disk or the file failed (an fsync or write error,
    /// a full disk, corruption): what reached the disk is then unknown, so nothing more is acknowledged until a restart.
    /// </summary>
    public string? Failure { get; private set; }

    /// <summary>Runs <paramref name="work"/> as one SQLite transaction: all of it is stored (durably), or none of it.</summary>
    /// <exception cref="IOException">The disk failed now or earlier; nothing of <paramref name="work"/> is acknowledged.</exception>
    public T InTransaction<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (Gate)
        {
            if (Failure is not null)
            {
                throw new IOException($"The data file {DataPath} failed earlier and refuses writes until restarted: {Failure}");
            }

            if (_inTransaction)
            {
                throw new InvalidOperationException("A transaction is already open.");
            }

            try
            {
                Execute("BEGIN IMMEDIATE");
                _inTransaction = true;
                var result = work();
                Execute("COMMIT"); // returns once the log is fsynced (synchronous = FULL)
                _inTransaction = false;
                return result;
            }
            catch (SqliteException ex) when (IsDiskFailure(ex))
            {
                Failure = ex.Message;
                RollBackQuietly();
                throw new IOException($"The data file {DataPath} failed: {ex.Message}", ex);
            }
            catch
            {
                RollBackQuietly();
                throw;
            }
        }
    }

    public void Dispose()
    {
        lock (Gate)
        {
            _connection.Dispose(); // the last connection checkpoints the log into the file and removes it
        }
    }

    // For testing: read or set a pragma on the store's own connection (no other connection can open the file).
    internal string Pragma(string name, int? value = null)
    {
        lock (Gate)
        {
            if (value is { } set)
            {
                Execute(string.Create(CultureInfo.InvariantCulture, $"PRAGMA {name} = {set}"));
            }

            return Convert.ToString(Scalar<object>($"PRAGMA {name}"), CultureInfo.InvariantCulture)!;
        }
    }

    private static bool IsDiskFailure(SqliteException ex) =>
        (ex.SqliteErrorCode & 0xff) is SqliteIoErr or SqliteCorrupt or SqliteFull or SqliteCantOpen or SqliteNotADb;

    private Exception OpenFailure(SqliteException ex) => (ex.SqliteErrorCode & 0xff) switch
    {
        SqliteBusy => new IOException(
            $"Cannot open {DataPath}: the file is locked. Is another kiosk-backoffice using this data file?", ex),
        SqliteNotADb => new IOException(
            $"Cannot open {DataPath}: it is not a SQLite database (a LiteDB file of kiosk-backoffice before issue 12 is not read by this version: move it away or pass another --data).", ex),
        _ => new IOException($"Cannot open {DataPath}: {ex.Message}", ex),
    };

    /// <summary>Durability settings, the exclusive lock, then the schema (created or migrated).</summary>
    private void Open()
    {
        // Held from the first write to close: no other connection, in this process or another, can use the file. In WAL
        // mode this also keeps the WAL index in memory instead of a -shm file.
        Execute("PRAGMA locking_mode = EXCLUSIVE");
        var mode = Scalar<string>("PRAGMA journal_mode = WAL");
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new IOException($"Cannot open {DataPath} in WAL mode (SQLite answered \"{mode}\").");
        }

        Execute("PRAGMA synchronous = FULL"); // the WAL is fsynced at every commit, not only at checkpoints
        Execute("BEGIN EXCLUSIVE");
        try
        {
            Migrate();
            Execute("COMMIT");
        }
        catch
        {
            RollBackQuietly();
            throw;
        }

    }

    private void Migrate()
    {
        var version = (int)Scalar<long>("PRAGMA user_version");
        if (version > Schema.Version)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{DataPath} has schema version {version}, written by a newer kiosk-backoffice; this one knows versions up to {Schema.Version}."));
        }

        if (version == 0 && Scalar<long>("SELECT count(*) FROM sqlite_schema") > 0)
        {
            throw new InvalidDataException($"{DataPath} is a SQLite file with tables kiosk-backoffice did not make (user_version 0).");
        }

        for (; version < Schema.Version; version++)
        {
            Execute(Schema.Steps[version]);
            Execute(string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {version + 1}"));
        }
    }

    private void RollBackQuietly()
    {
        _inTransaction = false;
        try
        {
            Execute("ROLLBACK");
        }
        catch (SqliteException)
        {
            // SQLite may have rolled the transaction back itself (after an I/O error or a full disk): nothing is open.
        }
    }

    public void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public T Scalar<T>(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return (T)command.ExecuteScalar()!;
    }

    /// <summary>Throws unless the calling thread is inside <see cref="InTransaction{T}"/>.</summary>
    public void RequireTransaction(string operation)
    {
        if (!Gate.IsHeldByCurrentThread || !_inTransaction)
        {
            throw new InvalidOperationException($"{operation} is only allowed inside InTransaction.");
        }
    }

    /// <summary>A command on the connection; one that runs often is compiled once with its parameters (use it under <see cref="Gate"/>).</summary>
    public SqliteCommand Command(string sql, params string[] parameterNames)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        if (parameterNames.Length > 0)
        {
            command.Prepare();
        }

        return command;
    }
}
