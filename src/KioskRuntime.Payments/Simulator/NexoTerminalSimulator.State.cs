using System.Text.Json;
using KioskRuntime.Payments.Nexo;

namespace KioskRuntime.Payments.Simulator;

public sealed partial class NexoTerminalSimulator
{
    /// <summary>One transaction as written to <see cref="NexoSimulatorOptions.StateFile"/>.</summary>
    internal sealed record StoredTransaction(
        int Sequence, string? SaleId, string? ServiceId, string? PoiId, string TransactionId, DateTimeOffset? TimeStamp, string Currency, decimal Amount,
        SimulatedOutcome Outcome, string PoiTransactionId, DateTimeOffset? PoiTimeStamp, SimulatedState State, int QueriesLeft);

    /// <summary>
    /// Writes every transaction to the state file (temp file, fsync, rename), so a simulator hosted inside kioskd remembers what it
    /// charged across a kill -9 of the kiosk, as a real terminal would. Called under the lock after every request.
    /// </summary>
    private void Persist()
    {
        if (_options.StateFile is not { } file)
        {
            return;
        }

        var stored = _transactions.Values.OrderBy(e => e.Sequence).Select(e => new StoredTransaction(
            e.Sequence, e.Header.SaleId, e.Header.ServiceId, e.Header.PoiId, e.Request.SaleTransaction.TransactionId, e.Request.SaleTransaction.TimeStamp,
            e.Request.Currency, e.Request.RequestedAmount, e.Outcome, e.PoiTransaction.TransactionId, e.PoiTransaction.TimeStamp, e.State, e.QueriesLeft)).ToList();
        string temp = file + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, stored);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, file, overwrite: true);
    }

    /// <summary>Loads the state file, if there is one. Transactions that were in progress stay in progress.</summary>
    private void Load()
    {
        if (_options.StateFile is not { } file || !File.Exists(file))
        {
            return;
        }

        List<StoredTransaction>? stored;
        try
        {
            stored = JsonSerializer.Deserialize<List<StoredTransaction>>(File.ReadAllBytes(file));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{file}: not a simulator state file (line {ex.LineNumber + 1}): {ex.Message}", ex);
        }

        lock (_gate)
        {
            foreach (var t in stored ?? [])
            {
                var header = new MessageHeader("Service", "Payment", "Request", t.ServiceId, t.SaleId, t.PoiId);
                var request = new PaymentRequestBody(new TransactionReference(t.TransactionId, t.TimeStamp), t.Currency, t.Amount);
                var entry = new Entry(t.Sequence, header, request, t.Outcome, new TransactionReference(t.PoiTransactionId, t.PoiTimeStamp), t.QueriesLeft)
                {
                    State = t.State,
                };
                _transactions[(t.SaleId ?? "", t.ServiceId ?? "")] = entry;
                _poiSequence = Math.Max(_poiSequence, t.Sequence + 1);
            }
        }
    }
}
