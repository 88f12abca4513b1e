using System.Globalization;
using KioskRuntime.Journal.Storage;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Journal;

public sealed partial class KioskJournal
{
    /// <summary>
    /// Accepts the pending recovery report (the operator read it): writes are allowed again. The report stays in its
    /// quarantine directory as recovery-accepted.json.
    /// </summary>
    /// <exception cref="InvalidOperationException">no recovery is pending, or the journal is read-only.</exception>
    public void AcceptRecovery()
    {
        if (!_writable)
        {
            throw new InvalidOperationException("the journal is opened read-only: accept the recovery through kioskd");
        }

        var report = PendingRecovery ?? throw new InvalidOperationException("no journal recovery is pending");
        if (File.Exists(_options.PendingRecoveryPath))
        {
            var accepted = Path.Combine(report.QuarantineDirectory, "recovery-accepted.json");
            Directory.CreateDirectory(report.QuarantineDirectory);
            File.Move(_options.PendingRecoveryPath, accepted, overwrite: true);
            _fs.SyncDirectory(_options.DataDirectory);
        }

        lock (_healthGate)
        {
            _pendingRecovery = null;
        }

        _logger.LogWarning("Journal recovery accepted by operator: {Reason}", report.Reason);
        SetHealth(true, null, FailureKind.None);
        if (_store is not null)
        {
            CheckSpace(0);
        }
    }

    /// <summary>Opens the writable engine; damage (unopenable files, foreign log, chain that does not verify) runs recovery.</summary>
    private void OpenWritable()
    {
        var pending = RecoveryFiles.ReadPending(_options);
        JournalStore store;
        try
        {
            var fresh = pending is null && !_fs.Exists(_options.DataPath) && !_fs.Exists(_options.LogPath);
            store = JournalStore.Open(_fs, _options.DataPath, _options.LogPath, writable: true, create: fresh, salvage: SalvageMode.None);
            var walk = ChainWalker.Walk(store);
            if (walk.Problem is not null)
            {
                store.Dispose();
                throw new JournalDamageException($"the hash chain does not verify at seq {walk.ProblemSeq}: {walk.Problem}");
            }
        }
        catch (JournalDamageException damage)
        {
            _logger.LogError("Journal damaged, recovering: {Problem}", damage.Message);
            pending = Recover(damage.Message);
            store = JournalStore.Open(_fs, _options.DataPath, _options.LogPath, writable: true, create: false, salvage: SalvageMode.None);
        }
        catch (JournalIoException io)
        {
            throw new JournalUnavailableException($"the journal cannot be opened: {io.Message}", io);
        }

        _store = store;
        _head = ChainHead.Load(store);
        if (pending is not null)
        {
            lock (_healthGate)
            {
                _pendingRecovery = pending;
            }

            SetHealth(false, RecoveryFiles.HealthReason(pending), FailureKind.RecoveryPending);
            return;
        }

        CheckSpace(0);
    }

    /// <summary>
    /// Quarantines copies of both files, salvages the verified prefix of the chain (and the state collections as found) into a fresh
    /// pair, swaps it in (log first, then data; each step leaves a pair that opens), and writes the report.
    /// </summary>
    private JournalRecoveryReport Recover(string reason)
    {
        var now = _time.GetUtcNow();
        var quarantine = Path.Combine(_options.QuarantineDirectory, now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(quarantine);
        foreach (var path in new[] { _options.DataPath, _options.LogPath })
        {
            if (_fs.Exists(path))
            {
                var copy = Path.Combine(quarantine, Path.GetFileName(path));
                File.Copy(path, copy, overwrite: true);
                using var file = _fs.Open(copy, JournalFileMode.ReadWrite);
                file.FullSync();
            }
        }

        _fs.SyncDirectory(quarantine);
        _fs.SyncDirectory(_options.QuarantineDirectory);

        var notes = new List<string>();
        var salvage = Salvage(notes);
        var tmpData = _options.DataPath + ".recovering";
        var tmpLog = _options.LogPath + ".recovering";
        File.Delete(tmpData);
        File.Delete(tmpLog);
        var lastGood = salvage.Walker.LastSeq;
        var lost = new List<SeqRange>();
        var upperKnown = salvage.MaxSeenSeq is not null;
        var gaps = salvage.Meta.Gaps.ToList();
        if (salvage.MaxSeenSeq is { } max && max > lastGood)
        {
            lost.Add(new SeqRange(lastGood + 1, max));
            gaps.Add(new SeqRange(lastGood + 1, max));
        }

        using (var fresh = JournalStore.Open(_fs, tmpData, tmpLog, writable: true, create: true, salvage: SalvageMode.None))
        {
            WriteSalvage(fresh, salvage, gaps);
        }

        _fs.Rename(tmpLog, _options.LogPath);
        _fs.Rename(tmpData, _options.DataPath);
        _fs.SyncDirectory(_options.DataDirectory);

        var salvaged = salvage.Entries;
        var report = new JournalRecoveryReport(
            now,
            reason,
            quarantine,
            salvaged.Count,
            salvaged.Count > 0 ? salvaged[0].Seq : null,
            salvaged.Count > 0 ? salvaged[^1].Seq : null,
            lost,
            upperKnown,
            Math.Max(lastGood, salvage.MaxSeenSeq ?? 0) + 1,
            salvage.StateCollections,
            notes);
        var json = RecoveryFiles.Serialize(report);
        _fs.Replace(Path.Combine(quarantine, "recovery-report.json"), json);
        _fs.Replace(_options.PendingRecoveryPath, json);
        _logger.LogError("Journal recovered: {Summary}; report in {Quarantine}", RecoveryFiles.HealthReason(report), quarantine);
        return report;
    }

    private SalvageResult Salvage(List<string> notes)
    {
        SalvageResult? best = null;
        foreach (var mode in new[] { SalvageMode.WithLog, SalvageMode.DataOnly })
        {
            try
            {
                using var store = JournalStore.Open(_fs, _options.DataPath, _options.LogPath, writable: false, create: false, salvage: mode);
                var entries = new List<JournalEntry>();
                var walker = ChainWalker.Walk(store, entries.Add);
                var meta = SafeChain(store);
                var result = new SalvageResult(entries, walker, meta, MaxSeen(store, walker.LastSeq), ReadableStateCollections(store, notes), mode);
                notes.Add($"{(mode == SalvageMode.WithLog ? "data + log" : "data file alone")}: {entries.Count} entries verify" +
                          (walker.Problem is null ? "" : $", first problem at seq {walker.ProblemSeq}: {walker.Problem}"));
                if (best is null || entries.Count > best.Entries.Count)
                {
                    best = result;
                }
            }
            catch (Exception e) when (e is JournalDamageException or JournalIoException or LiteException or IOException or InvalidCastException)
            {
                notes.Add($"{(mode == SalvageMode.WithLog ? "data + log" : "data file alone")}: could not be opened: {e.Message}");
            }
        }

        return best ?? new SalvageResult([], new ChainWalker(ChainMeta.Empty), ChainMeta.Empty, null, [], SalvageMode.None);
    }

    private void WriteSalvage(JournalStore fresh, SalvageResult salvage, List<SeqRange> gaps)
    {
        foreach (var chunk in salvage.Entries.Chunk(1000))
        {
            fresh.Events.InsertBulk(chunk.Select(JournalStore.ToDocument));
        }

        if (salvage.Mode != SalvageMode.None)
        {
            using var source = JournalStore.Open(_fs, _options.DataPath, _options.LogPath, writable: false, create: false, salvage: salvage.Mode);
            foreach (var name in salvage.StateCollections)
            {
                var docs = source.Db.GetCollection(name).FindAll().ToList();
                fresh.Db.GetCollection(name).InsertBulk(docs);
            }
        }

        fresh.Db.GetCollection(JournalStore.MetaCollection).Upsert(new BsonDocument
        {
            ["_id"] = JournalStore.ChainKey,
            ["journalId"] = fresh.Files.JournalId,
            ["prunedThroughSeq"] = salvage.Meta.PrunedThroughSeq,
            ["prunedHash"] = salvage.Meta.PrunedHash,
            ["gaps"] = new BsonArray(gaps.Select(g => new BsonDocument { ["from"] = g.From, ["to"] = g.To })),
        });
        fresh.Db.Checkpoint();
    }

    private static ChainMeta SafeChain(JournalStore store)
    {
        try
        {
            return store.ReadChain();
        }
        catch (Exception e) when (e is LiteException or InvalidCastException or FormatException or InvalidOperationException)
        {
            return ChainMeta.Empty;
        }
    }

    /// <summary>The highest seq still visible in the damaged file (its _id index), for the lost range; null when unreadable.</summary>
    private static long? MaxSeen(JournalStore store, long lastGood)
    {
        try
        {
            var last = store.Events.Query().OrderByDescending("_id").Limit(1).FirstOrDefault();
            return Math.Max(lastGood, last is not null && last["_id"].IsInt64 ? last["_id"].AsInt64 : 0);
        }
        catch (Exception e) when (e is LiteException or InvalidCastException or FormatException or InvalidOperationException or IndexOutOfRangeException or ArgumentException or IOException)
        {
            return null;
        }
    }

    private static List<string> ReadableStateCollections(JournalStore store, List<string> notes)
    {
        var readable = new List<string>();
        try
        {
            foreach (var name in store.Db.GetCollectionNames().Where(n => n.StartsWith(JournalStore.StatePrefix, StringComparison.Ordinal)))
            {
                try
                {
                    _ = store.Db.GetCollection(name).FindAll().Count();
                    readable.Add(name);
                }
                catch (Exception e) when (e is LiteException or InvalidCastException or IndexOutOfRangeException or ArgumentException or IOException)
                {
                    notes.Add($"state collection {name} unreadable, not salvaged: {e.Message}");
                }
            }
        }
        catch (Exception e) when (e is LiteException or InvalidCastException or IndexOutOfRangeException or IOException)
        {
            notes.Add($"collection list unreadable, no state salvaged: {e.Message}");
        }

        return readable;
    }

    private sealed record SalvageResult(
        List<JournalEntry> Entries, ChainWalker Walker, ChainMeta Meta, long? MaxSeenSeq, List<string> StateCollections, SalvageMode Mode);
}
