using System.Collections;
using System.Reflection;
using LiteDB.Engine;

namespace KioskRuntime.Journal.Storage;

/// <summary>
/// LiteDB 5.0.21's TransactionService has a finalizer that disposes the transaction. When a commit failed half-way (an I/O error
/// inside WriteLogDisk), that disposal throws ("discarded page must be writable") on the finalizer thread and terminates the
/// process. When the journal abandons an engine after an I/O failure, it suppresses those finalizers: the engine's memory is simply
/// collected, and its files are re-validated by the next open.
/// The field names (_monitor, _transactions) are LiteDB 5.0.21 internals; if they change, this does nothing (checked by a test).
/// </summary>
internal static class LiteDbFinalizers
{
    private const BindingFlags Instance = BindingFlags.NonPublic | BindingFlags.Instance;

    /// <summary>Suppresses the finalizers of the engine's open transactions; returns how many were found (-1 if the layout is unknown).</summary>
    public static int SuppressOpenTransactions(ILiteEngine engine)
    {
        var open = OpenTransactions(engine);
        if (open is null)
        {
            return -1;
        }

        Suppress(open);
        return open.Length;
    }

    /// <summary>
    /// The engine's open transactions right now (null if the layout is unknown). Taken right after BeginTrans, so that a commit that
    /// fails can suppress its transaction's finalizer even after LiteDB has dropped it from its monitor.
    /// </summary>
    public static object[]? OpenTransactions(ILiteEngine engine)
    {
        var monitor = engine.GetType().GetField("_monitor", Instance)?.GetValue(engine);
        if (monitor?.GetType().GetField("_transactions", Instance)?.GetValue(monitor) is not IDictionary transactions)
        {
            return null;
        }

        lock (transactions)
        {
            return transactions.Values.Cast<object>().ToArray();
        }
    }

    public static void Suppress(object[]? transactions)
    {
        foreach (var transaction in transactions ?? [])
        {
            GC.SuppressFinalize(transaction);
        }
    }
}
