using KioskRuntime.Journal.Storage;

namespace KioskRuntime.Journal.Tests.CrashSim;

/// <summary>
/// An in-memory file system in the spirit of SQLite's test6.c: every write is held as pending until the file is synced
/// (fsync/fdatasync make everything written to THAT file durable). <see cref="CrashImage"/> builds what a power cut could leave:
/// durable bytes plus a random subset of pending sector writes, possibly torn into 512-byte pieces, applied in order.
/// A crash can be armed at the n-th mutating operation: from then on every mutating call throws (the process is "dead").
/// Thread-safe (one lock).
/// </summary>
internal sealed class SimFileSystem : IJournalFileSystem
{
    private readonly object _gate = new();
    private readonly Dictionary<string, SimFile> _files = new(StringComparer.Ordinal);
    private long _ops;
    private long _crashAt = long.MaxValue;
    private Dictionary<string, (byte[] Durable, List<PendingOp> Pending)>? _atCrash;

    /// <summary>Optional fault: given (call, path, n-th call of that kind), an errno to fail with, or null.</summary>
    public Func<string, string, long, int?>? Fault { get; set; }

    public long Available { get; set; } = long.MaxValue / 2;

    /// <summary>Small, so crash points also land inside log preallocation.</summary>
    public long LogPreallocationBytes => 16 * 1024;

    public long Operations
    {
        get
        {
            lock (_gate)
            {
                return _ops;
            }
        }
    }

    public bool Crashed
    {
        get
        {
            lock (_gate)
            {
                return _atCrash is not null;
            }
        }
    }

    /// <summary>The crash happens just before the <paramref name="op"/>-th mutating operation from now (1 = the next one).</summary>
    public void ArmCrash(long op)
    {
        lock (_gate)
        {
            _crashAt = _ops + op;
        }
    }

    public static SimFileSystem FromImage(IReadOnlyDictionary<string, byte[]> image)
    {
        var fs = new SimFileSystem();
        foreach (var (path, bytes) in image)
        {
            fs._files[path] = new SimFile(bytes);
        }

        return fs;
    }

    public IJournalFile Open(string path, JournalFileMode mode)
    {
        lock (_gate)
        {
            if (!_files.ContainsKey(path))
            {
                if (mode != JournalFileMode.ReadWriteCreate)
                {
                    throw new JournalIoException("open", path, 2, "ENOENT (2)");
                }

                _files[path] = new SimFile([]);
            }

            return new Handle(this, path, mode != JournalFileMode.ReadOnly);
        }
    }

    public bool Exists(string path)
    {
        lock (_gate)
        {
            return _files.ContainsKey(path);
        }
    }

    /// <summary>Renames are modelled as durable at once (the journal fsyncs the directory right after each).</summary>
    public void Rename(string from, string to) => Mutate("rename", from, () =>
    {
        _files[to] = _files[from];
        _files.Remove(from);
    });

    /// <summary>The production sequence (KioskRuntime.Linux.DurableFile) on the simulated disk: temp file, fsync, rename, directory fsync.</summary>
    public void Replace(string path, ReadOnlySpan<byte> content)
    {
        var tmp = path + ".tmp";
        using (var file = Open(tmp, JournalFileMode.ReadWriteCreate))
        {
            file.SetLength(0);
            file.Write(0, content);
            file.FullSync();
        }

        Rename(tmp, path);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    public void SyncDirectory(string directory) => Mutate("fsync", directory, () => { });

    public long AvailableBytes(string directory) => Available;

    public IDisposable? TryLock(string path, bool exclusive, string contents) => new Handle(this, path, false);

    /// <summary>What survives the power cut (taken at the armed crash, or now if none happened).</summary>
    public Dictionary<string, byte[]> CrashImage(Random rng, int sectorSize)
    {
        lock (_gate)
        {
            var state = _atCrash ?? _files.ToDictionary(f => f.Key, f => (f.Value.Durable.ToArray(), f.Value.Pending.ToList()));
            var image = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var (path, (durable, pending)) in state)
            {
                image[path] = Survivors(rng, sectorSize, durable, pending);
            }

            return image;
        }
    }

    private static byte[] Survivors(Random rng, int sectorSize, byte[] durable, List<PendingOp> pending)
    {
        var file = new List<byte>(durable);
        foreach (var op in pending)
        {
            if (op.Data is null)
            {
                if (rng.Next(2) == 0)
                {
                    Resize(file, op.Offset);
                }

                continue;
            }

            if (rng.Next(2) == 0 && file.Count < op.Offset + op.Data.Length)
            {
                Resize(file, op.Offset + op.Data.Length); // size updated, data not
            }

            for (var start = op.Offset; start < op.Offset + op.Data.Length;)
            {
                var end = Math.Min(op.Offset + op.Data.Length, ((start / sectorSize) + 1) * sectorSize);
                switch (rng.Next(3))
                {
                    case 0:
                        break;
                    case 1:
                        Apply(file, op, start, end);
                        break;
                    default:
                        for (var piece = start; piece < end;)
                        {
                            var pieceEnd = Math.Min(end, ((piece / 512) + 1) * 512);
                            if (rng.Next(2) == 0)
                            {
                                Apply(file, op, piece, pieceEnd);
                            }

                            piece = pieceEnd;
                        }

                        break;
                }

                start = end;
            }
        }

        return file.ToArray();
    }

    private static void Apply(List<byte> file, PendingOp op, long start, long end)
    {
        if (file.Count < end)
        {
            Resize(file, end);
        }

        for (var i = start; i < end; i++)
        {
            file[(int)i] = op.Data![i - op.Offset];
        }
    }

    private static void Resize(List<byte> file, long length)
    {
        if (file.Count > length)
        {
            file.RemoveRange((int)length, file.Count - (int)length);
        }
        else
        {
            file.AddRange(new byte[length - file.Count]);
        }
    }

    private void Mutate(string call, string path, Action action)
    {
        lock (_gate)
        {
            _ops++;
            if (_atCrash is null && _ops >= _crashAt)
            {
                _atCrash = _files.ToDictionary(f => f.Key, f => (f.Value.Durable.ToArray(), f.Value.Pending.ToList()));
            }

            if (_atCrash is not null)
            {
                throw new JournalIoException(call, path, 5, "power cut (simulated)");
            }

            var n = _files.TryGetValue(path, out var f) ? f.Calls.GetValueOrDefault(call) + 1 : 1;
            if (f is not null)
            {
                f.Calls[call] = n;
            }

            if (Fault?.Invoke(call, path, n) is { } errno)
            {
                throw new JournalIoException(call, path, errno, $"{KioskRuntime.Linux.Errno.Name(errno)} ({errno}) (injected)");
            }

            action();
        }
    }

    private sealed record PendingOp(long Offset, byte[]? Data);

    private sealed class SimFile(byte[] content)
    {
        public List<byte> Current { get; } = new(content);

        public byte[] Durable { get; set; } = content.ToArray();

        public List<PendingOp> Pending { get; } = [];

        public Dictionary<string, long> Calls { get; } = new(StringComparer.Ordinal);

        public void Sync()
        {
            Durable = Current.ToArray();
            Pending.Clear();
        }
    }

    private sealed class Handle(SimFileSystem fs, string path, bool writable) : IJournalFile
    {
        public string Path => path;

        public int Read(long offset, Span<byte> buffer)
        {
            lock (fs._gate)
            {
                var file = fs._files[path].Current;
                var n = (int)Math.Clamp(file.Count - offset, 0, buffer.Length);
                for (var i = 0; i < n; i++)
                {
                    buffer[i] = file[(int)offset + i];
                }

                return n;
            }
        }

        public void Write(long offset, ReadOnlySpan<byte> data)
        {
            Check();
            var copy = data.ToArray();
            fs.Mutate("pwrite", path, () =>
            {
                var f = fs._files[path];
                var op = new PendingOp(offset, copy);
                Apply(f.Current, op, offset, offset + copy.Length);
                f.Pending.Add(op);
            });
        }

        public void DataSync() => fs.Mutate("fdatasync", path, () => fs._files[path].Sync());

        public void FullSync() => fs.Mutate("fsync", path, () => fs._files[path].Sync());

        public long GetLength()
        {
            lock (fs._gate)
            {
                return fs._files[path].Current.Count;
            }
        }

        public void SetLength(long length)
        {
            Check();
            fs.Mutate("ftruncate", path, () =>
            {
                var f = fs._files[path];
                Resize(f.Current, length);
                f.Pending.Add(new PendingOp(length, null));
            });
        }

        public void Dispose()
        {
        }

        private void Check()
        {
            if (!writable)
            {
                throw new NotSupportedException($"{path} opened read-only");
            }
        }
    }
}
