namespace KioskRuntime.BackOffice.Storage;

/// <summary>
/// A file stream for LiteDB's stream mode that makes commits durable. LiteDB 5.0.21 appends a transaction's 8 KiB pages to
/// the log file and marks the last one confirmed (page header byte 18) without fsync; a power cut then loses every commit
/// since the last checkpoint (field notes, section 4). For the log, this stream syncs <em>before</em> writing a confirmed page
/// (a barrier: the transaction's earlier pages are durable first) and <em>after</em> it (the commit returns durable).
/// <see cref="Flush()"/> and <see cref="SetLength"/> always sync, because LiteDB calls plain Flush on a non-FileStream.
/// Thread safety: as <see cref="FileStream"/>; LiteDB serialises access through its own wrapper.
/// </summary>
internal sealed class DurableFileStream : Stream
{
    internal const int PageSize = 8192;
    internal const int ConfirmedByteOffset = 18;

    private readonly FileStream _file;
    private readonly bool _isLog;
    private readonly IFileSync _sync;

    private DurableFileStream(FileStream file, bool isLog, IFileSync sync)
    {
        _file = file;
        _isLog = isLog;
        _sync = sync;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length => _file.Length;

    public override long Position
    {
        get => _file.Position;
        set => _file.Position = value;
    }

    public string Path => _file.Name;

    /// <summary>Opens (or creates) a data or log file exclusively, unbuffered.</summary>
    /// <exception cref="IOException">The file cannot be opened, e.g. another process holds it.</exception>
    public static DurableFileStream Open(string path, bool isLog, IFileSync sync)
    {
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.RandomAccess);
            return new DurableFileStream(file, isLog, sync);
        }
        catch (IOException ex)
        {
            throw new IOException($"Cannot open {path}: {ex.Message} Is another kiosk-backoffice using this data file?", ex);
        }
    }

    /// <summary>True when a buffer of whole LiteDB pages holds a page marked confirmed (the end of a transaction).</summary>
    internal static bool HoldsConfirmedPage(ReadOnlySpan<byte> pages)
    {
        for (var page = 0; page + ConfirmedByteOffset < pages.Length; page += PageSize)
        {
            if (pages[page + ConfirmedByteOffset] != 0)
            {
                return true;
            }
        }

        return false;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var commits = _isLog && HoldsConfirmedPage(buffer);
        if (commits)
        {
            Sync();
        }

        _file.Write(buffer);
        if (commits)
        {
            Sync();
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => _file.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _file.Read(buffer);

    public override long Seek(long offset, SeekOrigin origin) => _file.Seek(offset, origin);

    public override void SetLength(long value)
    {
        _file.SetLength(value);
        Sync();
    }

    public override void Flush() => Sync();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Sync()
    {
        _file.Flush(flushToDisk: false);
        _sync.Sync(_file.SafeFileHandle, _file.Name);
    }
}
