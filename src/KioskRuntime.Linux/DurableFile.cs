using KioskRuntime.Linux.Interop;

namespace KioskRuntime.Linux;

/// <summary>
/// Replaces a small file so that a crash or a power cut leaves either the old or the new content, never a mix or nothing:
/// write <c>path.tmp</c>, fsync it (checked), rename(2) it over <c>path</c>, fsync the directory (checked). The one durable-file
/// helper of the runtime (journal recovery reports, the nexo simulator's ledger, the back office's files).
/// Thread safety: stateless; callers serialise writes to one path (two writers would share the temp file).
/// </summary>
public static class DurableFile
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically and durably; returns once both are true.</summary>
    public static void Replace(string path, ReadOnlySpan<byte> content)
    {
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp";
        using (var file = FileDescriptor.Open(temp, OpenFlags.WriteOnly | OpenFlags.Create | OpenFlags.Truncate))
        {
            file.WriteAt(0, content);
            file.Sync();
        }

        Rename(temp, full);
        SyncDirectory(Path.GetDirectoryName(full)!);
    }

    /// <summary>rename(2): atomically replaces <paramref name="to"/>; durable only after <see cref="SyncDirectory"/>.</summary>
    public static void Rename(string from, string to)
    {
        while (LibC.rename(from, to) < 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno != LibC.EINTR)
            {
                throw new ErrnoException("rename", $"\"{from}\", \"{to}\"", errno);
            }
        }
    }

    /// <summary>fsync of a directory (checked), so that the files created, renamed or removed in it are durable.</summary>
    public static void SyncDirectory(string directory)
    {
        using var dir = FileDescriptor.OpenDirectory(directory);
        dir.Sync();
    }
}
