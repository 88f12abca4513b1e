namespace KioskRuntime.Journal.Storage;

/// <summary>
/// journal.db and journal-log.db as one unit: both carry the same <see cref="FileIdentity"/> (journal id + generation), are opened
/// together, and any I/O failure on either latches the pair as failed (every later write throws the first error).
/// Not thread-safe for writes: the journal's writer thread is the only writer.
/// </summary>
internal sealed class JournalFilePair : IDisposable
{
    private readonly IJournalFileSystem _fs;
    private readonly IJournalFile _data;
    private readonly IJournalFile? _log;
    private FileIdentity _identity;
    private JournalIoException? _failure;

    private JournalFilePair(IJournalFileSystem fs, IJournalFile data, IJournalFile? log, FileIdentity identity, bool writable, long logKeep = long.MaxValue)
    {
        _fs = fs;
        _data = data;
        _log = log;
        _identity = identity;
        DataStream = new JournalDataStream(data, this, writable);
        LogStream = log is null
            ? new MemoryStream()
            : new JournalLogStream(log, this, writable, Math.Min(logKeep, Math.Max(0, log.GetLength() - FileIdentity.HeaderSize)), fs.LogPreallocationBytes) { LengthLimit = logKeep };
    }

    public Guid JournalId => _identity.JournalId;

    public long Generation => _identity.Generation;

    public Stream DataStream { get; }

    /// <summary>The log stream (a <see cref="JournalLogStream"/>, or an empty in-memory stream when read-only and no log exists).</summary>
    public Stream LogStream { get; }

    public JournalIoException? Failure => _failure;

    /// <summary>Creates both files (journal header only) with a fresh identity, generation 1, each fsynced.</summary>
    public static void CreateFiles(IJournalFileSystem fs, string dataPath, string logPath, Guid journalId)
    {
        foreach (var (path, kind) in new[] { (dataPath, FileKind.Data), (logPath, FileKind.Log) })
        {
            using var file = fs.Open(path, JournalFileMode.ReadWriteCreate);
            file.SetLength(0);
            file.SetLength(FileIdentity.HeaderSize);
            new FileIdentity(kind, journalId, 1, 0, 0, FileIdentity.EmptyTailHash).WriteTo(file);
        }
    }

    /// <summary>
    /// Opens an existing pair, checking that the log belongs to the data file and that neither was cut short.
    /// A log without pages is harmless whatever its header says (it is re-stamped, or created if missing); a log WITH pages must
    /// carry the data file's journal id and generation, otherwise LiteDB would replay a foreign WAL into this data file
    /// (LiteDB#2785). A log shorter than its stamped acknowledged length, or a data file shorter than its checkpointed length,
    /// was truncated. A trailing partial page beyond the acknowledged length is the torn tail of an unacknowledged commit: trimmed.
    /// </summary>
    public static JournalFilePair Open(IJournalFileSystem fs, string dataPath, string logPath, bool writable, SalvageMode salvage = SalvageMode.None)
    {
        if (!fs.Exists(dataPath))
        {
            throw new JournalDamageException(fs.Exists(logPath)
                ? $"{dataPath} is missing but its log {logPath} exists"
                : $"{dataPath} does not exist");
        }

        writable &= salvage == SalvageMode.None;
        var data = fs.Open(dataPath, writable ? JournalFileMode.ReadWrite : JournalFileMode.ReadOnly);
        IJournalFile? log = null;
        try
        {
            var identity = FileIdentity.TryRead(data, out var problem)
                ?? (salvage == SalvageMode.None ? throw new JournalDamageException(problem!) : new FileIdentity(FileKind.Data, Guid.Empty, 0, 0));
            if (identity.Kind != FileKind.Data)
            {
                throw new JournalDamageException($"{dataPath} carries a log header, not a data header");
            }

            var dataBytes = data.GetLength() - FileIdentity.HeaderSize;
            if (dataBytes < identity.Length && salvage == SalvageMode.None)
            {
                throw new JournalDamageException($"{dataPath} is truncated: {dataBytes} bytes of pages, {identity.Length} were checkpointed");
            }

            if (salvage == SalvageMode.DataOnly)
            {
                return new JournalFilePair(fs, data, null, identity, writable: false);
            }

            if (fs.Exists(logPath))
            {
                log = fs.Open(logPath, writable ? JournalFileMode.ReadWrite : JournalFileMode.ReadOnly);
                var keep = CheckLog(log, identity, writable, salvage);
                return new JournalFilePair(fs, data, log, identity, writable, keep);
            }
            else if (writable)
            {
                log = fs.Open(logPath, JournalFileMode.ReadWriteCreate);
                log.SetLength(FileIdentity.HeaderSize);
                (identity with { Kind = FileKind.Log, Length = 0, PrevLength = 0, TailHash = FileIdentity.EmptyTailHash }).WriteTo(log);
                fs.SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
            }

            return new JournalFilePair(fs, data, log, identity, writable);
        }
        catch
        {
            log?.Dispose();
            data.Dispose();
            throw;
        }
    }

    /// <summary>Decides how much of the log is acknowledged (see <see cref="JournalLogStream"/>); trims the rest when writable.</summary>
    private static long CheckLog(IJournalFile log, FileIdentity identity, bool writable, SalvageMode salvage)
    {
        var logIdentity = FileIdentity.TryRead(log, out var logProblem);
        var logBytes = Math.Max(0, log.GetLength() - FileIdentity.HeaderSize);
        var matches = logIdentity is { Kind: FileKind.Log } li && li.SameIdentity(identity);

        // The writer keeps the log's blocks across a checkpoint (it stamps the log empty instead of truncating it). A crash between
        // the data header's generation+1 and the log header's leaves the previous generation's log, stamped empty, over stale pages:
        // nothing in it is acknowledged, so it is an empty log, not a foreign one.
        var emptiedByCheckpoint = logIdentity is { Kind: FileKind.Log, Length: 0, PrevLength: 0 } old
            && old.JournalId == identity.JournalId && old.Generation == identity.Generation - 1;
        if (emptiedByCheckpoint)
        {
            if (writable)
            {
                log.SetLength(FileIdentity.HeaderSize);
                (identity with { Kind = FileKind.Log, Length = 0, PrevLength = 0, TailHash = FileIdentity.EmptyTailHash }).WriteTo(log);
            }

            return 0;
        }

        if (!matches && logBytes >= JournalLogStream.PageSize)
        {
            throw new JournalDamageException(logIdentity is { } other
                ? $"{log.Path} is foreign: it belongs to journal {other.JournalId} generation {other.Generation}, the data file to journal {identity.JournalId} generation {identity.Generation}"
                : $"{log.Path} is foreign or damaged: {logProblem}");
        }

        long keep = 0;
        if (matches)
        {
            var stamp = logIdentity!.Value;
            if (logBytes < stamp.PrevLength)
            {
                if (salvage == SalvageMode.None)
                {
                    throw new JournalDamageException($"{log.Path} is truncated: {logBytes} bytes of pages, {stamp.PrevLength} were acknowledged");
                }

                keep = logBytes - (logBytes % JournalLogStream.PageSize);
            }
            else
            {
                keep = logBytes >= stamp.Length && TailHashMatches(log, stamp) ? stamp.Length : stamp.PrevLength;
            }
        }

        if (writable && (!matches || logBytes != keep))
        {
            log.SetLength(FileIdentity.HeaderSize + keep);
            (identity with { Kind = FileKind.Log, Length = keep, PrevLength = keep, TailHash = FileIdentity.EmptyTailHash }).WriteTo(log);
        }

        return keep;
    }

    private static bool TailHashMatches(IJournalFile log, FileIdentity stamp)
    {
        var bytes = new byte[stamp.Length - stamp.PrevLength];
        if (log.Read(FileIdentity.HeaderSize + stamp.PrevLength, bytes) != bytes.Length)
        {
            return false;
        }

        return System.Security.Cryptography.SHA256.HashData(bytes).AsSpan().SequenceEqual(stamp.TailHash.Span);
    }

    /// <summary>Runs a write/sync; the first failure is latched and rethrown for every later write.</summary>
    public void Guard(Action action)
    {
        if (_failure is { } failed)
        {
            throw new JournalIoException(failed.Call, failed.FilePath, failed.Errno, $"{failed.Description} (earlier failure; journal files not written since)");
        }

        try
        {
            action();
        }
        catch (JournalIoException e)
        {
            _failure ??= e;
            throw;
        }
    }

    /// <summary>
    /// Called when LiteDB has emptied the log after a checkpoint (data file already fsynced). Stamps generation+1 and the
    /// checkpointed data length into the data header, then generation+1 into the log header; a crash in between leaves an empty
    /// log with an old stamp, which <see cref="Open"/> accepts.
    /// </summary>
    public void AdvanceGeneration()
    {
        var next = _identity with { Generation = _identity.Generation + 1, Length = DataStream.Length, PrevLength = 0, TailHash = default };
        next.WriteTo(_data);
        (next with { Kind = FileKind.Log, Length = 0, TailHash = FileIdentity.EmptyTailHash }).WriteTo(_log!);
        _identity = next;
    }

    /// <summary>
    /// Health probe after a failure: rewrites the log header as it is (pwrite) and syncs both files (fdatasync, fsync), so a fault
    /// that only shows on writes or syncs keeps the journal closed instead of reopening it to fail on the next sale.
    /// </summary>
    public void ProbeWriteAndSync()
    {
        Guard(() =>
        {
            var current = FileIdentity.TryRead(_log!, out var problem) ?? throw new JournalDamageException(problem!);
            current.WriteTo(_log!, sync: false);
            _log!.DataSync();
            _data.FullSync();
        });
    }

    /// <summary>Rewrites the log header's commit stamp (the caller's fdatasync makes it durable with the commit's pages).</summary>
    public void StampLog(long previous, long length, byte[] tailHash, bool sync) =>
        (_identity with { Kind = FileKind.Log, Length = length, PrevLength = previous, TailHash = tailHash }).WriteTo(_log!, sync);

    public long LogLength => LogStream.Length;

    public void Dispose()
    {
        DataStream.Dispose();
        LogStream.Dispose();
        _log?.Dispose();
        _data.Dispose();
    }

    internal IJournalFileSystem FileSystem => _fs;
}

/// <summary>How far <see cref="JournalFilePair.Open"/> bends for recovery: read-only, tolerate a bad data header, or leave the log out.</summary>
internal enum SalvageMode
{
    None,
    WithLog,
    DataOnly,
}

/// <summary>The journal files are damaged or do not belong together; the message says which file and what.</summary>
internal sealed class JournalDamageException(string message, Exception? inner = null) : Exception(message, inner);
