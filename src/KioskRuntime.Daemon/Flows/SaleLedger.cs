using System.Globalization;
using KioskRuntime.Domain;
using KioskRuntime.Journal;

namespace KioskRuntime.Daemon.Flows;

/// <summary>Journal state shared by sales and returns: receipt numbers and local stock. Runs inside the one writer's transactions.</summary>
internal static class SaleLedger
{
    public static string Key(long receiptNo) => receiptNo.ToString(CultureInfo.InvariantCulture);

    public static long NextReceiptNumber(KioskJournal journal) =>
        (journal.GetState<CounterDocument>(StateCollections.Counters, "receipt")?.Value ?? 0) + 1;

    /// <summary>Inside the transaction: the receipt counter must still be where the loop read it (one writer, so it always is).</summary>
    public static void ClaimReceiptNumber(IJournalState state, long receiptNo)
    {
        var current = state.Get<CounterDocument>(StateCollections.Counters, "receipt")?.Value ?? 0;
        if (current + 1 != receiptNo)
        {
            throw new InvalidOperationException($"Receipt number {receiptNo} is stale: the counter is at {current}.");
        }

        state.Put(StateCollections.Counters, "receipt", new CounterDocument { Value = receiptNo });
    }

    /// <summary>
    /// Moves local stock by <paramref name="deltas"/>. Never throws on arithmetic: it runs inside the transaction of a sale that is already
    /// paid, so a figure that would overflow (a wild number from the back office) is held at the edge of the range and the anomaly is
    /// recorded on the stock document and returned for the caller to log; the sale itself is journaled.
    /// </summary>
    public static IReadOnlyList<string> ApplyStock(IJournalState state, IReadOnlyDictionary<string, decimal> deltas, DateTimeOffset at)
    {
        List<string>? anomalies = null;
        foreach (var (gtin, delta) in deltas)
        {
            var stock = state.Get<StockDocument>(StateCollections.Stock, gtin) ?? new StockDocument { Gtin = gtin };
            try
            {
                stock.Quantity += delta;
            }
            catch (OverflowException)
            {
                var anomaly = string.Create(CultureInfo.InvariantCulture, $"{at:O}: stock {stock.Quantity} {(delta < 0 ? "-" : "+")} {Math.Abs(delta)} overflows; held at the edge");
                stock.Quantity = delta < 0 ? decimal.MinValue : decimal.MaxValue;
                stock.Anomaly = anomaly;
                (anomalies ??= []).Add($"{gtin}: {anomaly}");
            }

            stock.UpdatedAt = at;
            state.Put(StateCollections.Stock, gtin, stock);
        }

        return anomalies ?? (IReadOnlyList<string>)[];
    }

    /// <summary>Logs what <see cref="ApplyStock"/> recorded (after the commit, outside the writer's transaction).</summary>
    public static void LogAnomalies(Microsoft.Extensions.Logging.ILogger logger, IReadOnlyList<string> anomalies, long seq)
    {
        foreach (var anomaly in anomalies)
        {
            Microsoft.Extensions.Logging.LoggerExtensions.LogError(logger, "Stock anomaly while journaling seq {Seq} (the sale is journaled): {Anomaly}", seq, anomaly);
        }
    }
}
