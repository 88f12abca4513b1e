namespace KioskRuntime.Journal.Storage;

/// <summary>
/// A LiteDB stream over one journal file, shifted past the <see cref="FileIdentity"/> header. Position-based: LiteDB sets
/// Position then reads or writes (its ConcurrentStream serialises readers with a lock on this object).
/// </summary>
internal abstract class JournalStream : Stream
{
    private long _position;

    protected JournalStream(IJournalFile file, JournalFilePair owner, bool writable)
    {
        File = file;
        Owner = owner;
        CanWrite = writable;
    }

    protected IJournalFile File { get; }

    protected JournalFilePair Owner { get; }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite { get; }

    public override long Length
    {
        get
        {
            var length = Math.Max(0, File.GetLength() - FileIdentity.HeaderSize);
            return Math.Min(length, LengthLimit);
        }
    }

    /// <summary>Read-only views hide an unacknowledged (possibly torn) log tail from LiteDB; writable opens trim it instead.</summary>
    internal long LengthLimit { get; init; } = long.MaxValue;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "negative stream position");
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = File.Read(FileIdentity.HeaderSize + _position, buffer.AsSpan(offset, count));
        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => Length + offset,
        };
        return _position;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        EnsureWritable();
        Owner.Guard(() => WriteAt(_position, buffer.AsSpan(offset, count)));
        _position += count;
    }

    public override void Flush()
    {
        if (CanWrite)
        {
            Owner.Guard(File.FullSync);
        }
    }

    public override void SetLength(long value)
    {
        EnsureWritable();
        Owner.Guard(() =>
        {
            BeforeSetLength(value);
            if (ResizesFile(value))
            {
                File.SetLength(FileIdentity.HeaderSize + value);
                File.FullSync();
            }

            AfterSetLength(value);
        });
    }

    /// <summary>False when the stream only moves its logical end (the log keeps its blocks: see <see cref="JournalLogStream"/>).</summary>
    protected virtual bool ResizesFile(long length) => true;

    protected abstract void WriteAt(long position, ReadOnlySpan<byte> data);

    protected virtual void BeforeSetLength(long length)
    {
    }

    protected virtual void AfterSetLength(long length)
    {
    }

    private void EnsureWritable()
    {
        if (!CanWrite)
        {
            throw new NotSupportedException($"{File.Path} is open read-only");
        }
    }
}

/// <summary>The data file: written only at checkpoint; LiteDB flushes after writing pages, and Flush is an fsync.</summary>
internal sealed class JournalDataStream(IJournalFile file, JournalFilePair owner, bool writable) : JournalStream(file, owner, writable)
{
    protected override void WriteAt(long position, ReadOnlySpan<byte> data) => File.Write(FileIdentity.HeaderSize + position, data);
}

/// <summary>
/// The log file (LiteDB's WAL). LiteDB appends a transaction's pages; the last carries the confirm flag (page header byte 18).
/// Each page is written as it comes and folded into a running SHA-256. At the confirm page the log header gets a commit stamp
/// (previous acknowledged length, new length, SHA-256 of the bytes in between), then ONE fdatasync makes pages and stamp durable
/// and the commit is acknowledged. A power cut before that sync can leave any subset of those sectors; on open the stamp's hash
/// decides: the bytes hash correctly (the commit is whole) or the log is cut back to the previous acknowledged length. So a
/// confirmed-but-torn transaction is never replayed, at the price of one sync per commit (not two, as a write barrier costs).
/// If LiteDB ever writes anywhere but the end of the log, the stream falls back to a barrier (fdatasync before the confirm page).
/// </summary>
internal sealed class JournalLogStream : JournalStream
{
    internal const int PageSize = 8192;
    internal const int ConfirmOffset = 18;
    private readonly System.Security.Cryptography.IncrementalHash _tail = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
    private long _end;
    private bool _appendOnly = true;

    private readonly long _chunk;
    private long _physical;

    public JournalLogStream(IJournalFile file, JournalFilePair owner, bool writable, long acknowledged, long preallocationChunk)
        : base(file, owner, writable)
    {
        AcknowledgedLength = acknowledged;
        _end = acknowledged;
        _chunk = preallocationChunk;
        _physical = Math.Max(0, file.GetLength() - FileIdentity.HeaderSize);
    }

    /// <summary>Writable: the logical log length (the file may run ahead, zero-filled). Read-only: the file, up to the acknowledged limit.</summary>
    public override long Length => CanWrite ? _end : base.Length;

    /// <summary>Log length (LiteDB positions) covered by the last successful commit sync: everything acknowledged.</summary>
    public long AcknowledgedLength { get; private set; }

    internal long SyncCount { get; private set; }

    /// <summary>Stopwatch ticks spent in the commit fdatasync (benchmarks: the disk's share of a commit).</summary>
    internal long SyncTicks { get; private set; }

    protected override void WriteAt(long position, ReadOnlySpan<byte> data)
    {
        Preallocate(position + data.Length);
        File.Write(FileIdentity.HeaderSize + position, data);
        if (position == _end && _appendOnly)
        {
            _tail.AppendData(data);
        }
        else
        {
            _appendOnly = false;
        }

        _end = Math.Max(_end, position + data.Length);
        if (data.Length != PageSize || data[ConfirmOffset] == 0)
        {
            return;
        }

        var committed = _end;
        var hash = _tail.GetHashAndReset();
        if (!_appendOnly)
        {
            // not a pure append: make everything durable first (barrier), then stamp an empty tail
            File.DataSync();
            SyncCount++;
            hash = FileIdentity.EmptyTailHash;
            Owner.StampLog(committed, committed, hash, sync: false);
            _appendOnly = true;
        }
        else
        {
            Owner.StampLog(AcknowledgedLength, committed, hash, sync: false);
        }

        var syncStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        File.DataSync();
        SyncTicks += System.Diagnostics.Stopwatch.GetTimestamp() - syncStarted;
        SyncCount++;
        AcknowledgedLength = committed;
    }

    /// <summary>Before LiteDB empties the log (checkpoint done, data fsynced): stamp "nothing in the log" first.</summary>
    protected override void BeforeSetLength(long length)
    {
        if (length < AcknowledgedLength)
        {
            Owner.StampLog(length, length, FileIdentity.EmptyTailHash, sync: true);
        }
    }

    /// <summary>
    /// When LiteDB empties the log after a checkpoint, the file keeps its blocks: the stamp (synced above) already says how much of
    /// it is log, and the next commits overwrite blocks that are allocated and written, so their fdatasync carries no size change
    /// and nothing has to be zero-filled again. Truncating here cost a 1 MiB zero-fill and sync per 1 MiB of commits (measured:
    /// ~80 µs of a ~480 µs single commit). The stale pages beyond the stamp are never read: open trims to the stamp.
    /// </summary>
    protected override bool ResizesFile(long length) => _chunk <= 0 || length > _physical;

    /// <summary>Grows the file past <paramref name="needed"/> with synced zeros, a chunk at a time (the stamp bounds what is log).</summary>
    private void Preallocate(long needed)
    {
        if (_chunk <= 0 || needed <= _physical)
        {
            return;
        }

        var target = ((needed / _chunk) + 1) * _chunk;
        var zeros = new byte[Math.Min(_chunk, 256 * 1024)];
        for (var at = _physical; at < target; at += zeros.Length)
        {
            File.Write(FileIdentity.HeaderSize + at, zeros.AsSpan(0, (int)Math.Min(zeros.Length, target - at)));
        }

        File.DataSync();
        SyncCount++;
        _physical = target;
    }

    protected override void AfterSetLength(long length)
    {
        _physical = ResizesFile(length) ? length : _physical;
        AcknowledgedLength = length;
        _end = length;
        _tail.GetHashAndReset();
        _appendOnly = true;
        if (length == 0)
        {
            Owner.AdvanceGeneration();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _tail.Dispose();
        }

        base.Dispose(disposing);
    }
}
