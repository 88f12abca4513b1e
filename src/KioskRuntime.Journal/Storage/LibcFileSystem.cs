using System.Text;
using KioskRuntime.Linux;

namespace KioskRuntime.Journal.Storage;

/// <summary>
/// The production file layer, over KioskRuntime.Linux (every return checked, EINTR retried there and nowhere else). Its
/// <see cref="ErrnoException"/>s become <see cref="JournalIoException"/>s with the same call, path and errno.
/// </summary>
internal sealed class LibcFileSystem : IJournalFileSystem
{
    public IJournalFile Open(string path, JournalFileMode mode)
    {
        var flags = mode switch
        {
            JournalFileMode.ReadOnly => OpenFlags.ReadOnly,
            JournalFileMode.ReadWrite => OpenFlags.ReadWrite,
            _ => OpenFlags.ReadWrite | OpenFlags.Create,
        };
        return new LibcFile(Call(path, () => FileDescriptor.Open(path, flags)));
    }

    public bool Exists(string path) => File.Exists(path);

    public long LogPreallocationBytes => 1024 * 1024;

    public void Rename(string from, string to) => Call($"{from} -> {to}", () => DurableFile.Rename(from, to));

    public void Replace(string path, ReadOnlySpan<byte> content)
    {
        try
        {
            DurableFile.Replace(path, content);
        }
        catch (ErrnoException e)
        {
            throw Error(e, path);
        }
    }

    public void SyncDirectory(string directory) => Call(directory, () => DurableFile.SyncDirectory(directory));

    public long AvailableBytes(string directory) => Call(directory, () => FileSystemSpace.AvailableBytes(directory));

    public IDisposable? TryLock(string path, bool exclusive, string contents)
    {
        var handle = Call(path, () => FileDescriptor.Open(path, OpenFlags.ReadWrite | OpenFlags.Create));
        bool locked;
        try
        {
            locked = handle.TryLock(exclusive);
        }
        catch (ErrnoException e)
        {
            handle.Dispose();
            throw Error(e, path);
        }

        if (!locked)
        {
            handle.Dispose();
            return null;
        }

        if (exclusive)
        {
            var file = new LibcFile(handle);
            file.SetLength(0);
            file.Write(0, Encoding.UTF8.GetBytes(contents));
            return file;
        }

        return handle;
    }

    internal static JournalIoException Error(ErrnoException e, string path) =>
        new(e.Function, path, e.Errno, Errno.Describe(e.Errno), e);

    private static T Call<T>(string path, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (ErrnoException e)
        {
            throw Error(e, path);
        }
    }

    private static void Call(string path, Action call)
    {
        try
        {
            call();
        }
        catch (ErrnoException e)
        {
            throw Error(e, path);
        }
    }
}
