using System.Text.Json;
using System.Text.Json.Serialization;
using KioskRuntime.Linux;
using KioskRuntime.Payments.Nexo;

namespace KioskRuntime.Simulation.Nexo;

internal sealed partial class NexoTerminalSimulator
{
    // Outcome and State by name, so the file reads as the terminal's ledger; numbers written by earlier versions still load.
    private static readonly JsonSerializerOptions StateJson = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// One transaction as written to <see cref="NexoSimulatorOptions.StateFile"/> (a JSON array of these). <see cref="Reversals"/>, the
    /// reversals that named this payment, is left out while there are none, and files written before reversals were recorded load
    /// with none.
    /// </summary>
    internal sealed record StoredTransaction(
        int Sequence, string? SaleId, string? ServiceId, string? PoiId, string TransactionId, DateTimeOffset? TimeStamp, string Currency, decimal Amount,
        SimulatedOutcome Outcome, string PoiTransactionId, DateTimeOffset? PoiTimeStamp, SimulatedState State, int QueriesLeft,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<StoredReversal>? Reversals = null);

    /// <summary>A reversal as written to the state file, inside the payment it named: its request's ids and the terminal's answer.</summary>
    internal sealed record StoredReversal(
        int Sequence, string? SaleId, string? ServiceId, string? PoiId, string? TransactionId, DateTimeOffset? TimeStamp, decimal? Amount,
        NexoResult Result, string? ErrorCondition, string? Reason);

    /// <summary>
    /// Writes every transaction to the state file (temp file, checked fsync, rename, fsync of the directory), so a simulator hosted
    /// inside kioskd remembers what it charged across a kill -9 of the kiosk or a power cut, as a real terminal would. Called under the
    /// lock after every request, before the answer is sent: an approval the kiosk may have seen is always on disk first.
    /// </summary>
    private void Persist()
    {
        if (_options.StateFile is not { } file)
        {
            return;
        }

        var stored = _transactions.Values.OrderBy(e => e.Sequence).Select(e => new StoredTransaction(
            e.Sequence, e.Header.SaleId, e.Header.ServiceId, e.Header.PoiId, e.Request.SaleTransaction.TransactionId, e.Request.SaleTransaction.TimeStamp,
            e.Request.Currency, e.Request.RequestedAmount, e.Outcome, e.PoiTransaction.TransactionId, e.PoiTransaction.TimeStamp, e.State, e.QueriesLeft,
            e.Reversals.Count == 0 ? null : e.Reversals.Select(r => new StoredReversal(
                r.Sequence, r.Header.SaleId, r.Header.ServiceId, r.Header.PoiId, r.SaleTransaction?.TransactionId, r.SaleTransaction?.TimeStamp, r.ReversedAmount,
                r.Outcome.Result, r.Outcome.ErrorCondition, r.Outcome.Additional["refusalReason"])).ToList())).ToList();
        DurableFile.Replace(file, JsonSerializer.SerializeToUtf8Bytes(stored, StateJson));
    }

    /// <summary>Loads the state file, if there is one (creating its directory). Transactions that were in progress stay in progress.</summary>
    private void Load()
    {
        if (_options.StateFile is not { } file)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        if (!File.Exists(file))
        {
            return;
        }

        List<StoredTransaction>? stored;
        try
        {
            stored = JsonSerializer.Deserialize<List<StoredTransaction>>(File.ReadAllBytes(file), StateJson);
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
                foreach (var r in t.Reversals ?? [])
                {
                    var outcome = r.Result == NexoResult.Success
                        ? NexoOutcome.Success
                        : new NexoOutcome(r.Result, r.ErrorCondition, r.Reason is null ? AdditionalResponse.Empty : AdditionalResponse.Of(("refusalReason", r.Reason)));
                    var reversal = new ReversalEntry(
                        r.Sequence, new MessageHeader("Service", "Reversal", "Request", r.ServiceId, r.SaleId, r.PoiId),
                        r.TransactionId is null ? null : new TransactionReference(r.TransactionId, r.TimeStamp), entry.PoiTransaction, r.Amount, outcome);
                    entry.Reversals.Add(reversal);
                    _reversals[(r.SaleId ?? "", r.ServiceId ?? "")] = reversal;
                }
            }
        }
    }
}
