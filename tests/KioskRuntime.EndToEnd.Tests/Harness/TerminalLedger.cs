using System.Text.Json;

namespace KioskRuntime.EndToEnd.Tests.Harness;

/// <summary>One payment as the simulated nexo terminal recorded it in its state file (its own ledger, written before it answers).</summary>
internal sealed record TerminalTransaction(string TransactionId, string ServiceId, decimal Amount, string Outcome, string State, string PoiTransactionId)
{
    /// <summary>The customer's money was taken (and not given back).</summary>
    public bool Charged => State == "Approved";
}

/// <summary>Reads the state file of the simulated profile's <c>nexo-simulated</c> terminal, the ledger the terminal itself keeps.</summary>
internal static class TerminalLedger
{
    /// <summary>The profile's terminal <c>path</c>, under the data directory.</summary>
    public static string PathIn(string dataDir) => Path.Combine(dataDir, "devices", "terminal", "nexo-terminal.json");

    /// <summary>Every payment the terminal received, in order; empty when it was never asked.</summary>
    public static IReadOnlyList<TerminalTransaction> Read(string dataDir)
    {
        var path = PathIn(dataDir);
        if (!File.Exists(path))
        {
            return [];
        }

        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.EnumerateArray()
            .Select(t => new TerminalTransaction(
                t.GetProperty("TransactionId").GetString()!,
                t.GetProperty("ServiceId").GetString()!,
                t.GetProperty("Amount").GetDecimal(),
                t.GetProperty("Outcome").GetString()!,
                t.GetProperty("State").GetString()!,
                t.GetProperty("PoiTransactionId").GetString()!))
            .ToList();
    }
}
