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

    public static void ApplyStock(IJournalState state, IReadOnlyDictionary<string, decimal> deltas, DateTimeOffset at)
    {
        foreach (var (gtin, delta) in deltas)
        {
            var stock = state.Get<StockDocument>(StateCollections.Stock, gtin) ?? new StockDocument { Gtin = gtin };
            stock.Quantity += delta;
            stock.UpdatedAt = at;
            state.Put(StateCollections.Stock, gtin, stock);
        }
    }
}
