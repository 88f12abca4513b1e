using KioskRuntime.Linux;

namespace KioskRuntime.Journal.Storage;

/// <summary>A file opened through the Linux layer: positional pread/pwrite, checked fsync/fdatasync/ftruncate.</summary>
internal sealed class LibcFile : IJournalFile
{
    private readonly FileDescriptor _fd;

    public LibcFile(FileDescriptor fd) => _fd = fd;

    public string Path => _fd.Path;

    public int Read(long offset, Span<byte> buffer)
    {
        try
        {
            return _fd.ReadAt(offset, buffer);
        }
        catch (ErrnoException e)
        {
            throw LibcFileSystem.Error(e, Path);
        }
    }

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        try
        {
            _fd.WriteAt(offset, data);
        }
        catch (ErrnoException e)
        {
            throw LibcFileSystem.Error(e, Path);
        }
    }

    public void DataSync()
    {
        try
        {
            _fd.DataSync();
        }
        catch (ErrnoException e)
        {
            throw LibcFileSystem.Error(e, Path);
        }
    }

    public void FullSync()
    {
        try
        {
            _fd.Sync();
        }
        catch (ErrnoException e)
        {
            throw LibcFileSystem.Error(e, Path);
        }
    }

    public long GetLength()
    {
        try
        {
            return _fd.GetLength();
        }
        catch (ErrnoException e)
        {
            throw LibcFileSystem.Error(e, Path);
        }
    }

    public void SetLength(long length)
    {
        try
        {
            _fd.Truncate(length);
        }
        catch (ErrnoException e)
        {
            throw LibcFileSystem.Error(e, Path);
        }
    }

    public void Dispose() => _fd.Dispose();
}
