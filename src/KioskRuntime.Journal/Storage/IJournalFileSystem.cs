namespace KioskRuntime.Journal.Storage;

/// <summary>
/// The only place the journal touches the disk: positional I/O and explicit syncs. Production uses <see cref="LibcFileSystem"/>;
/// crash-simulation tests use a recorder that keeps unsynced writes apart from durable bytes.
/// Every failure is a <see cref="JournalIoException"/> naming the call, the path and the errno.
/// </summary>
internal interface IJournalFileSystem
{
    IJournalFile Open(string path, JournalFileMode mode);

    /// <summary>
    /// The log is grown ahead of LiteDB in zero-filled, synced chunks of this size (0 = never), so a commit's fdatasync carries no
    /// file-size change (on ext4 that is a journal commit per sync otherwise).
    /// </summary>
    long LogPreallocationBytes { get; }

    bool Exists(string path);

    /// <summary>rename(2): atomically replaces <paramref name="to"/>. Call <see cref="SyncDirectory"/> to make it durable.</summary>
    void Rename(string from, string to);

    /// <summary>
    /// Replaces <paramref name="path"/> atomically and durably: temp file, fsync, rename, fsync of the directory
    /// (production: <see cref="KioskRuntime.Linux.DurableFile.Replace"/>).
    /// </summary>
    void Replace(string path, ReadOnlySpan<byte> content);

    /// <summary>fsync of a directory, so that file creations and renames in it are durable.</summary>
    void SyncDirectory(string directory);

    /// <summary>Bytes available to an unprivileged writer on the file system holding <paramref name="directory"/> (statvfs f_bavail × f_frsize).</summary>
    long AvailableBytes(string directory);

    /// <summary>Takes an exclusive (or shared) non-blocking flock on <paramref name="path"/>; null when another process holds it.</summary>
    IDisposable? TryLock(string path, bool exclusive, string contents);
}

internal enum JournalFileMode
{
    ReadOnly,
    ReadWrite,
    ReadWriteCreate,
}

internal interface IJournalFile : IDisposable
{
    string Path { get; }

    /// <summary>Reads up to <paramref name="buffer"/>.Length bytes at <paramref name="offset"/>; fewer only at end of file.</summary>
    int Read(long offset, Span<byte> buffer);

    /// <summary>Writes all of <paramref name="data"/> at <paramref name="offset"/> (short writes are continued).</summary>
    void Write(long offset, ReadOnlySpan<byte> data);

    /// <summary>fdatasync: the written bytes and the size are durable.</summary>
    void DataSync();

    /// <summary>fsync: data and all metadata are durable.</summary>
    void FullSync();

    long GetLength();

    void SetLength(long length);
}

/// <summary>An I/O failure from the journal's file layer. Message: "fsync of /path failed: EIO (5): Input/output error".</summary>
internal sealed class JournalIoException : IOException
{
    public JournalIoException(string call, string path, int errno, string description, Exception? inner = null)
        : base($"{call} of {path} failed: {description}", inner)
    {
        Call = call;
        FilePath = path;
        Errno = errno;
        Description = description;
    }

    public string Description { get; }

    public string Call { get; }

    public string FilePath { get; }

    public int Errno { get; }

    public bool IsDiskFull => Errno is KioskRuntime.Linux.Errno.ENOSPC or KioskRuntime.Linux.Errno.EDQUOT;
}
