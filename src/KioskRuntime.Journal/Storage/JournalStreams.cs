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
            return WholePagesOnly ? length - (length % JournalLogStream.PageSize) : length;
        }
    }

    /// <summary>Read-only views (salvage) hide a torn trailing partial page from LiteDB.</summary>
    internal bool WholePagesOnly { get; init; }

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
            File.SetLength(FileIdentity.HeaderSize + value);
            File.FullSync();
            AfterSetLength(value);
        });
    }

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
/// The log file (LiteDB's WAL). A transaction's pages are appended with plain writes; the last page carries the confirm flag
/// (page header byte 18). For that page: write bytes 512..end, fdatasync (barrier: every earlier page of the transaction and the
/// tail of this page are durable), write the first 512-byte sector (which holds the flag), fdatasync (the commit is durable). A power
/// cut can therefore never leave a confirmed transaction with missing or torn pages; at worst the confirm sector is absent and the
/// transaction was never acknowledged.
/// </summary>
internal sealed class JournalLogStream(IJournalFile file, JournalFilePair owner, bool writable) : JournalStream(file, owner, writable)
{
    internal const int PageSize = 8192;
    internal const int ConfirmOffset = 18;
    private const int Sector = 512;

    /// <summary>Log length (LiteDB positions) covered by the last successful commit sync: everything acknowledged.</summary>
    public long AcknowledgedLength { get; private set; }

    internal long SyncCount { get; private set; }

    public void MarkAcknowledged(long length) => AcknowledgedLength = length;

    protected override void WriteAt(long position, ReadOnlySpan<byte> data)
    {
        var at = FileIdentity.HeaderSize + position;
        if (data.Length != PageSize || data[ConfirmOffset] == 0)
        {
            File.Write(at, data);
            return;
        }

        File.Write(at + Sector, data[Sector..]);
        File.DataSync();
        File.Write(at, data[..Sector]);
        var acknowledged = Math.Max(AcknowledgedLength, position + data.Length);
        Owner.StampLog(acknowledged, sync: false);
        File.DataSync();
        SyncCount += 2;
        AcknowledgedLength = acknowledged;
    }

    /// <summary>Before LiteDB empties the log (checkpoint done, data fsynced): record "nothing acknowledged in the log" first.</summary>
    protected override void BeforeSetLength(long length)
    {
        if (length < AcknowledgedLength)
        {
            Owner.StampLog(length, sync: true);
        }
    }

    protected override void AfterSetLength(long length)
    {
        AcknowledgedLength = length;
        if (length == 0)
        {
            Owner.AdvanceGeneration();
        }
    }
}
