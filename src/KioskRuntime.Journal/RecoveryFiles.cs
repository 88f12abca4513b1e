using System.Text.Json;
using KioskRuntime.Journal.Storage;

namespace KioskRuntime.Journal;

/// <summary>The recovery report on disk: journal-recovery-pending.json (until accepted) and a copy in the quarantine directory.</summary>
internal static class RecoveryFiles
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static JournalRecoveryReport? ReadPending(JournalOptions options)
    {
        if (!File.Exists(options.PendingRecoveryPath))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<JournalRecoveryReport>(File.ReadAllText(options.PendingRecoveryPath), Json)
                ?? throw new JsonException("the file holds JSON null");
        }
        catch (JsonException e)
        {
            // the journal was recovered but the report is unreadable: still refuse to sell until an operator looks
            return new JournalRecoveryReport(DateTimeOffset.MinValue, $"recovery report {options.PendingRecoveryPath} unreadable: {e.Message}",
                options.QuarantineDirectory, 0, null, null, [], false, 0, [], []);
        }
    }

    public static byte[] Serialize(JournalRecoveryReport report) => JsonSerializer.SerializeToUtf8Bytes(report, Json);

    public static string HealthReason(JournalRecoveryReport r)
    {
        var lost = r.LostSeqs.Count == 0
            ? "no seqs known lost"
            : "seqs " + string.Join(", ", r.LostSeqs.Select(l => l.From == l.To ? $"{l.From}" : $"{l.From}–{l.To}")) + " lost";
        if (!r.LostUpperBoundKnown)
        {
            lost += $" (entries after seq {r.NextSeq - 1} may have existed)";
        }

        return $"journal recovered: {r.SalvagedCount} entries salvaged, {lost}; run `kioskctl journal recover --accept`";
    }
}
