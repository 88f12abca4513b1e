using KioskRuntime.Journal.Storage;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Journal;

/// <summary>Failing closed and coming back: the reserve check, the failure path, and the background probe (writer thread only).</summary>
public sealed partial class KioskJournal
{
    /// <summary>Disk space against the reserve before each group (statvfs). False, failed closed, when too little is free.</summary>
    private bool CheckSpace(long groupBytes)
    {
        long free;
        try
        {
            free = _fs.AvailableBytes(_options.DataDirectory);
        }
        catch (JournalIoException e)
        {
            SetHealth(false, e.Message, FailureKind.Io);
            return false;
        }

        var needed = _options.DiskReserveBytes + (groupBytes * 4) + (64 * 1024);
        if (free >= needed)
        {
            return true;
        }

        SetHealth(false, $"disk full: {Mib(free)} free, reserve {Mib(_options.DiskReserveBytes)}", FailureKind.DiskSpace);
        _lastProbe = _time.GetTimestamp();
        return false;
    }

    private static string Mib(long bytes) => bytes >= 10L * 1024 * 1024 || bytes % (1024 * 1024) == 0
        ? $"{bytes / (1024 * 1024)} MiB"
        : $"{bytes / (1024.0 * 1024):0.0} MiB";

    /// <summary>
    /// Fail closed after an error inside a group or checkpoint: remember how much of the log was acknowledged, close the engine
    /// (its files are latched and refuse further writes), and try to reopen at once for readers and, if the cause is gone, writers.
    /// </summary>
    private string FailClosed(JournalStore store, Exception e)
    {
        var io = e as JournalIoException ?? store.Files.Failure;
        var reason = io is null
            ? $"journal write failed: {e.GetType().Name}: {e.Message}"
            : io.IsDiskFull ? $"disk full: {io.Message}" : io.Message;
        _logger.LogError(e, "Journal write failed; failing closed");
        _truncateLogTo = (store.Files.LogStream as JournalLogStream)?.AcknowledgedLength;
        _store = null;
        JournalStore.DisposeQuietly(store);
        SetHealth(false, reason, FailureKind.Io);
        Probe();
        return reason;
    }

    /// <summary>
    /// Re-checks a failed journal: cut the log back to what was acknowledged, reopen the engine from the files, check the chain tail
    /// is exactly what was acknowledged, check free space. On success the journal is writable again; on failure readers keep a
    /// read-only view where possible and the reason stays.
    /// </summary>
    private void Probe()
    {
        _lastProbe = _time.GetTimestamp();
        if (_failure == FailureKind.DiskSpace && _store is not null)
        {
            if (CheckSpace(0))
            {
                SetHealth(true, null, FailureKind.None);
            }

            return;
        }

        // readers keep the current view (read-only after a failure) until a writable engine replaces it
        var view = _store;
        try
        {
            if (_truncateLogTo is { } ack)
            {
                using (var log = _fs.Open(_options.LogPath, JournalFileMode.ReadWrite))
                {
                    if (log.GetLength() > FileIdentity.HeaderSize + ack)
                    {
                        log.SetLength(FileIdentity.HeaderSize + ack);
                        log.FullSync();
                    }
                }

                _truncateLogTo = null;
            }

            var store = JournalStore.Open(_fs, _options.DataPath, _options.LogPath, writable: true, create: false, salvage: SalvageMode.None);
            string? problem;
            try
            {
                store.Files.ProbeWriteAndSync();
                problem = CheckTail(store);
            }
            catch
            {
                store.Dispose();
                throw;
            }

            if (problem is not null)
            {
                store.Dispose();
                SetHealth(false, problem, FailureKind.Fatal);
                view ??= TryReadOnlyView();
                _store = view;
                return;
            }

            _store = store;
            JournalStore.DisposeQuietly(view);
            if (CheckSpace(0))
            {
                SetHealth(true, null, FailureKind.None);
            }
        }
        catch (Exception e) when (e is JournalIoException or JournalDamageException or IOException)
        {
            _logger.LogWarning("Journal still unavailable: {Problem}", e.Message);
            if (e is JournalIoException io)
            {
                SetHealth(false, io.IsDiskFull ? $"disk full: {io.Message}" : io.Message, FailureKind.Io);
            }

            _store = view ?? TryReadOnlyView();
        }
    }

    private string? CheckTail(JournalStore store)
    {
        var loaded = ChainHead.Load(store);
        var known = _head;
        if (loaded.Seq != known.Seq || !string.Equals(loaded.Hash, known.Hash, StringComparison.Ordinal))
        {
            return $"journal reopened with last seq {loaded.Seq} ({loaded.Hash}) but seq {known.Seq} ({known.Hash}) was acknowledged: restart kioskd to run recovery";
        }

        if (store.Events.FindById(known.Seq) is { } doc)
        {
            var e = JournalStore.ToEntry(doc);
            var computed = EntryHash.Compute(e.PrevHash, e.Seq, e.Id, e.Type, EntryHash.FormatTime(e.OccurredAt), e.PayloadJson);
            if (computed != e.Hash)
            {
                return $"journal reopened but seq {e.Seq} no longer matches its hash: restart kioskd to run recovery";
            }
        }

        return null;
    }

    private JournalStore? TryReadOnlyView()
    {
        try
        {
            return JournalStore.Open(_fs, _options.DataPath, _options.LogPath, writable: false, create: false, salvage: SalvageMode.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _logger.LogWarning("Journal not readable either: {Problem}", e.Message);
            return null;
        }
    }
}
