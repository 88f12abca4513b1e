using Microsoft.Data.Sqlite;

namespace KioskRuntime.BackOffice.Storage;

/// <summary>The statements a push runs per event or per batch, compiled once at open and reused (under the store's lock).</summary>
internal sealed partial class BackOfficeStore
{
    private SqliteCommand? _selectHead;
    private SqliteCommand? _upsertHead;
    private SqliteCommand? _selectEvent;
    private SqliteCommand? _selectByAcceptedId;
    private SqliteCommand? _selectReturnsOf;
    private SqliteCommand? _insertEvent;
    private SqliteCommand? _selectProduct;
    private SqliteCommand? _updateStock;

    private void PrepareStatements()
    {
        _selectHead = Prepare("SELECT last_seq, last_hash FROM kiosks WHERE kiosk_id = $kiosk", "$kiosk");
        _upsertHead = Prepare(
            """
            INSERT INTO kiosks (kiosk_id, last_seq, last_hash) VALUES ($kiosk, $seq, $hash)
            ON CONFLICT (kiosk_id) DO UPDATE SET last_seq = excluded.last_seq, last_hash = excluded.last_hash
            """,
            "$kiosk", "$seq", "$hash");
        _selectEvent = Prepare($"SELECT {EventColumns} FROM events WHERE kiosk_id = $kiosk AND seq = $seq", "$kiosk", "$seq");
        _selectByAcceptedId = Prepare("SELECT kiosk_id, seq FROM events WHERE accepted_id = $id", "$id");
        _selectReturnsOf = Prepare($"SELECT {EventColumns} FROM events WHERE return_of = $id ORDER BY kiosk_id, seq", "$id");
        _insertEvent = Prepare(
            """
            INSERT INTO events (kiosk_id, seq, event_id, type, hash, status, reason, received_at, accepted_id, return_of, raw)
            VALUES ($kiosk, $seq, $id, $type, $hash, $status, $reason, $receivedAt, $acceptedId, $returnOf, $raw)
            ON CONFLICT (accepted_id) DO NOTHING
            """,
            "$kiosk", "$seq", "$id", "$type", "$hash", "$status", "$reason", "$receivedAt", "$acceptedId", "$returnOf", "$raw");
        _selectProduct = Prepare($"SELECT {ProductColumns} FROM products WHERE gtin = $gtin", "$gtin");
        _updateStock = Prepare("UPDATE products SET stock = $stock WHERE gtin = $gtin", "$gtin", "$stock");
    }

    private SqliteCommand Prepare(string sql, params string[] parameterNames)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private void DisposeStatements()
    {
        foreach (var command in new[] { _selectHead, _upsertHead, _selectEvent, _selectByAcceptedId, _selectReturnsOf, _insertEvent, _selectProduct, _updateStock })
        {
            command?.Dispose();
        }
    }
}
