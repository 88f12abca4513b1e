using System.Globalization;
using System.Security.Cryptography;
using KioskRuntime.Domain;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Journal;
using KioskRuntime.Journal.Fiscal;
using KioskRuntime.Reports.Saft;

namespace KioskRuntime.Daemon.Fiscal;

/// <summary>
/// <c>kioskctl saft export</c> inside kioskd: writes the auditfile for a period into <c>exports/</c> in the data directory (a snapshot
/// of the journal up to the seq it started at, so the three passes agree), fsyncs it, and journals the export itself (event 13020,
/// with the file's SHA-256) before anyone is told it exists.
/// </summary>
internal sealed class SaftExports(KioskJournal journal, HardwareProfile profile, string dataDir, TimeProvider time)
{
    public async Task<SaftExportResult> ExportAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        var company = new SaftCompany(
            profile.Seller.OrgNumber, profile.Seller.Name, profile.Seller.Address, profile.KioskId, profile.RegisterId, profile.Currency, "KioskRuntime");
        var lastSeq = journal.LastSeq;
        var exporter = new SaftExporter(company, () => journal.ReadEvents(1).TakeWhile(e => e.Seq <= lastSeq), time);
        var directory = Path.Combine(dataDir, "exports");
        Directory.CreateDirectory(directory);
        var stamp = FiscalSignature.NorwegianTime(time.GetUtcNow()).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var path = Path.Combine(directory, $"SAF-T_Cash_Register_{profile.Seller.OrgNumber}_{profile.RegisterId}_{stamp}.xml");
        var partial = path + ".partial";
        var (summary, sha256) = await Task.Run(
            () =>
            {
                using var file = new FileStream(partial, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
                var written = exporter.Write(file, from, to);
                file.Flush(flushToDisk: true);
                file.Position = 0;
                return (written, Convert.ToHexStringLower(SHA256.HashData(file)));
            },
            ct).ConfigureAwait(false);
        File.Move(partial, path, overwrite: true);
        var payload = new SaftExportPayload(
            from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Path.GetFileName(path), summary.Transactions, summary.Events, lastSeq, sha256);
        await journal.CommitAsync(new JournalWrite([new NewEvent(SaftEventTypes.Export, EventJson.Serialize(payload), time.GetUtcNow())]), ct).ConfigureAwait(false);
        return new SaftExportResult(path, payload);
    }

    /// <summary>Every signing key the kiosk has used, by version, with its public key (for verifying an export).</summary>
    public IReadOnlyList<FiscalKeyDocument> Keys() =>
        journal.ListState<FiscalKeyDocument>(FiscalCollections.Keys).OrderBy(k => k.Version).ToList();
}

/// <summary>The payload of a <c>saft-export</c> event (SAF-T event 13020).</summary>
internal sealed record SaftExportPayload(string From, string To, string File, long Transactions, long Events, long ThroughSeq, string Sha256);

internal sealed record SaftExportResult(string Path, SaftExportPayload Export);
