using System.Globalization;
using Microsoft.Data.Sqlite;

namespace KioskRuntime.BackOffice.Storage;

/// <summary>Events and kiosk cursors (tables <c>events</c> and <c>kiosks</c>).</summary>
internal sealed partial class BackOfficeStore
{
    private const string EventColumns = "kiosk_id, seq, event_id, type, hash, status, reason, received_at, raw";

    // The statements a push runs per event or per batch, compiled once (see the constructor) and used under the file's lock.
    private readonly SqliteCommand _selectHead;
    private readonly SqliteCommand _upsertHead;
    private readonly SqliteCommand _selectEvent;
    private readonly SqliteCommand _selectByAcceptedId;
    private readonly SqliteCommand _selectReturnsOf;
    private readonly EventInsert _insertEvent;

    public KioskHead GetHead(string kioskId)
    {
        lock (_file.Gate)
        {
            _selectHead.Parameters[0].Value = kioskId;
            using var row = _selectHead.ExecuteReader();
            return row.Read() ? new KioskHead(kioskId, row.GetInt64(0), row.GetString(1)) : KioskHead.Empty(kioskId);
        }
    }

    public IReadOnlyList<KioskHead> GetHeads()
    {
        lock (_file.Gate)
        {
            using var command = _file.Command("SELECT kiosk_id, last_seq, last_hash FROM kiosks ORDER BY kiosk_id");
            using var row = command.ExecuteReader();
            var heads = new List<KioskHead>();
            while (row.Read())
            {
                heads.Add(new KioskHead(row.GetString(0), row.GetInt64(1), row.GetString(2)));
            }

            return heads;
        }
    }

    /// <summary>The event stored under the kiosk's <paramref name="seq"/> (inside a transaction: its own events count).</summary>
    public StoredEvent? GetEvent(string kioskId, long seq)
    {
        lock (_file.Gate)
        {
            _selectEvent.Parameters[0].Value = kioskId;
            _selectEvent.Parameters[1].Value = seq;
            using var row = _selectEvent.ExecuteReader();
            return row.Read() ? ReadEvent(row) : null;
        }
    }

    /// <summary>Where an event id is already stored as an accepted event, if anywhere (ids are unique across kiosks).</summary>
    public EventLocation? FindByEventId(Guid eventId)
    {
        lock (_file.Gate)
        {
            _selectByAcceptedId.Parameters[0].Value = IdText(eventId);
            using var row = _selectByAcceptedId.ExecuteReader();
            return row.Read() ? new EventLocation(row.GetString(0), row.GetInt64(1)) : null;
        }
    }

    /// <summary>Accepted returns that name <paramref name="originalId"/> as their sale.</summary>
    public IReadOnlyList<StoredEvent> FindAcceptedReturnsOf(Guid originalId)
    {
        lock (_file.Gate)
        {
            _selectReturnsOf.Parameters[0].Value = IdText(originalId);
            return ReadEvents(_selectReturnsOf);
        }
    }

    /// <summary>Up to <paramref name="limit"/> of the kiosk's stored events from <paramref name="fromSeq"/> on, in seq order.</summary>
    public IReadOnlyList<StoredEvent> GetEvents(string kioskId, long fromSeq, int limit)
    {
        lock (_file.Gate)
        {
            using var command = _file.Command($"SELECT {EventColumns} FROM events WHERE kiosk_id = $kiosk AND seq >= $from ORDER BY seq LIMIT $limit");
            command.Parameters.AddWithValue("$kiosk", kioskId);
            command.Parameters.AddWithValue("$from", Math.Max(fromSeq, 1));
            command.Parameters.AddWithValue("$limit", limit);
            return ReadEvents(command);
        }
    }

    /// <summary>Moves a kiosk's cursor (last seq and hash). Inside <see cref="InTransaction{T}"/>, with the events that move it.</summary>
    public void SetHead(KioskHead head)
    {
        lock (_file.Gate)
        {
            _file.RequireTransaction(nameof(SetHead));
            _upsertHead.Parameters[0].Value = head.KioskId;
            _upsertHead.Parameters[1].Value = head.LastSeq;
            _upsertHead.Parameters[2].Value = head.LastHash;
            _upsertHead.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Stores an event; the caller moves the cursor with <see cref="SetHead"/>. Inside <see cref="InTransaction{T}"/>.
    /// False, and nothing stored, when <paramref name="acceptedId"/> is already held by an accepted event (the UNIQUE
    /// <c>accepted_id</c> column). A second event under the kiosk's <c>seq</c> is an error (<see cref="SqliteException"/>).
    /// </summary>
    /// <param name="acceptedId">The id of an accepted event; null for a rejected or invalid one.</param>
    /// <param name="acceptedReturnOf">For an accepted return, the id of its sale.</param>
    public bool Append(StoredEvent stored, Guid? acceptedId, Guid? acceptedReturnOf)
    {
        ArgumentNullException.ThrowIfNull(stored);
        lock (_file.Gate)
        {
            _file.RequireTransaction(nameof(Append));
            return _insertEvent.Run(
                stored,
                StatusText(stored.Status),
                TimeText(stored.ReceivedAt),
                acceptedId is { } id ? IdText(id) : null,
                acceptedReturnOf is { } original ? IdText(original) : null);
        }
    }

    internal static string StatusText(EventStatus status) => status switch
    {
        EventStatus.Accepted => "accepted",
        EventStatus.Rejected => "rejected",
        _ => "invalid",
    };

    internal static EventStatus ParseStatus(string? text) => text switch
    {
        "accepted" => EventStatus.Accepted,
        "rejected" => EventStatus.Rejected,
        _ => EventStatus.Invalid,
    };

    private static List<StoredEvent> ReadEvents(SqliteCommand command)
    {
        using var row = command.ExecuteReader();
        var events = new List<StoredEvent>();
        while (row.Read())
        {
            events.Add(ReadEvent(row));
        }

        return events;
    }

    // Columns in the order of EventColumns.
    private static StoredEvent ReadEvent(SqliteDataReader row) => new(
        row.GetString(0),
        row.GetInt64(1),
        row.IsDBNull(2) ? null : row.GetString(2),
        row.IsDBNull(3) ? null : row.GetString(3),
        row.IsDBNull(4) ? null : row.GetString(4),
        ParseStatus(row.GetString(5)),
        row.IsDBNull(6) ? null : row.GetString(6),
        DateTimeOffset.ParseExact(row.GetString(7), "O", CultureInfo.InvariantCulture, DateTimeStyles.None),
        (byte[])row.GetValue(8));

    private static string IdText(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

    private static string TimeText(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
