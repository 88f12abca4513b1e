using KioskRuntime.Cli.Flashing;

namespace KioskRuntime.Cli.Tests;

/// <summary>
/// A crash-simulating file system for <see cref="ProfileStore"/> (the journal's CrashSim idea, for plain files): file contents live on
/// inodes and become durable only when fsynced; names (creates, renames) become durable only when the directory is fsynced, in the
/// order they were made. After the power cut (<c>cutAfter</c> operations), <see cref="CrashStates"/> builds every state a disk may hold:
/// any prefix of the unsynced name changes, and for every unsynced file its durable content, nothing (truncated), a torn half, or all.
/// Not thread-safe (one test, one store).
/// </summary>
internal sealed class CrashSimFiles : IProfileFiles
{
    private readonly Dictionary<string, int> _names = [];
    private readonly Dictionary<string, int> _durableNames = [];
    private readonly Dictionary<int, byte[]> _data = [];
    private readonly Dictionary<int, byte[]> _durableData = [];
    private readonly List<(string? From, string To, int Inode)> _pending = [];
    private readonly int _cutAfter;
    private int _nextInode;
    private int _ops;

    /// <summary>Starts with <paramref name="durable"/> on disk, all synced; the power goes after <paramref name="cutAfter"/> operations (0: never).</summary>
    public CrashSimFiles(IReadOnlyDictionary<string, byte[]> durable, int cutAfter)
    {
        foreach (var (name, content) in durable)
        {
            var inode = ++_nextInode;
            _names[name] = _durableNames[name] = inode;
            _data[inode] = _durableData[inode] = content;
        }

        _cutAfter = cutAfter;
    }

    public sealed class PowerCut : Exception;

    /// <summary>True once the power went (the store saw <see cref="PowerCut"/>).</summary>
    public bool Cut { get; private set; }

    public void Write(string path, byte[] content, bool sync)
    {
        if (!_names.TryGetValue(path, out var inode))
        {
            inode = ++_nextInode;
            _names[path] = inode;
            _pending.Add((null, path, inode));
        }

        _data[inode] = content;
        if (sync)
        {
            _durableData[inode] = content;
        }

        Tick();
    }

    public void Rename(string from, string to)
    {
        if (!_names.Remove(from, out var inode))
        {
            throw new FileNotFoundException("rename: no such file", from);
        }

        _names[to] = inode;
        _pending.Add((from, to, inode));
        Tick();
    }

    public void SyncDirectory(string directory)
    {
        _durableNames.Clear();
        foreach (var (name, inode) in _names)
        {
            _durableNames[name] = inode;
        }

        _pending.Clear();
        Tick();
    }

    /// <summary>Every name → content map the disk may hold after the cut (or now, had the power gone now).</summary>
    public IEnumerable<IReadOnlyDictionary<string, byte[]>> CrashStates()
    {
        for (var k = 0; k <= _pending.Count; k++)
        {
            var names = new Dictionary<string, int>(_durableNames);
            foreach (var (from, to, inode) in _pending.Take(k))
            {
                if (from is not null)
                {
                    names.Remove(from);
                }

                names[to] = inode;
            }

            var inodes = names.Values.Distinct().ToList();
            foreach (var contents in Choose(inodes, 0, new Dictionary<int, byte[]>()))
            {
                yield return names.ToDictionary(n => n.Key, n => contents[n.Value]);
            }
        }
    }

    private IEnumerable<Dictionary<int, byte[]>> Choose(List<int> inodes, int i, Dictionary<int, byte[]> chosen)
    {
        if (i == inodes.Count)
        {
            yield return new Dictionary<int, byte[]>(chosen);
            yield break;
        }

        var inode = inodes[i];
        var durable = _durableData.GetValueOrDefault(inode) ?? [];
        var written = _data[inode];
        byte[][] candidates = ReferenceEquals(durable, written) ? [durable] : [durable, [], written[..(written.Length / 2)], written];
        foreach (var candidate in candidates)
        {
            chosen[inode] = candidate;
            foreach (var state in Choose(inodes, i + 1, chosen))
            {
                yield return state;
            }
        }
    }

    private void Tick()
    {
        if (++_ops == _cutAfter)
        {
            Cut = true;
            throw new PowerCut();
        }
    }
}
