using System.Text;
using KioskRuntime.Cli.Flashing;

namespace KioskRuntime.Cli.Tests;

/// <summary>
/// The flash's write under a power cut that drops whatever was not synced (<see cref="CrashSimFiles"/>): cut after every file operation
/// of <see cref="ProfileStore.Install"/>, and in every state the disk may then hold, profile.json is the old or the new profile, whole,
/// and the last-good file is a whole earlier profile. The same simulation with an fsync that silently does nothing (what .NET's
/// FileStream.Flush(true) does on an fsync error, field notes §4) finds a state with a broken profile: the check can fail.
/// </summary>
public sealed class ProfileStoreCrashTests
{
    private static readonly byte[] Older = Encoding.UTF8.GetBytes("{ \"kioskId\": \"older\" }");
    private static readonly byte[] Old = Encoding.UTF8.GetBytes("{ \"kioskId\": \"old\" }");
    private static readonly byte[] New = Encoding.UTF8.GetBytes("{ \"kioskId\": \"new\", \"devices\": [] }");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kiosk-crashsim-" + Guid.NewGuid().ToString("n"));

    private string Profile => Path.Combine(_dir, "profile.json");

    private string LastGood => Path.Combine(_dir, "profile.last-good.json");

    [Fact]
    public void A_power_cut_after_any_operation_leaves_a_whole_old_or_new_profile_in_every_crash_state()
    {
        var cuts = 0;
        var states = 0;
        for (var cut = 1; ; cut++)
        {
            var files = Flash(cut, lyingFsync: false);
            foreach (var state in files.CrashStates())
            {
                states++;
                Assert.True(state.TryGetValue(Profile, out var profile), $"cut after operation {cut}: no profile.json");
                Assert.True(profile.AsSpan().SequenceEqual(Old) || profile.AsSpan().SequenceEqual(New), $"cut after operation {cut}: profile.json is '{Encoding.UTF8.GetString(profile)}'");
                Assert.True(state.TryGetValue(LastGood, out var lastGood), $"cut after operation {cut}: no last-good");
                Assert.True(lastGood.AsSpan().SequenceEqual(Older) || lastGood.AsSpan().SequenceEqual(Old), $"cut after operation {cut}: last-good is '{Encoding.UTF8.GetString(lastGood)}'");
                if (!files.Cut)
                {
                    // The flash returned: only the new profile may be in force, and the old one is the last good.
                    Assert.Equal(New, profile);
                    Assert.Equal(Old, lastGood);
                }
            }

            if (!files.Cut)
            {
                break;
            }

            cuts++;
        }

        // Two replaces of three operations each (write+fsync, rename, directory fsync).
        Assert.Equal(6, cuts);
        Assert.True(states > cuts, $"{states} crash states");
    }

    [Fact]
    public void The_simulation_finds_a_broken_profile_when_fsync_silently_does_nothing()
    {
        var broken = Enumerable.Range(1, 6)
            .SelectMany(cut => Flash(cut, lyingFsync: true).CrashStates())
            .Where(s => s.TryGetValue(Profile, out var p) && !p.AsSpan().SequenceEqual(Old) && !p.AsSpan().SequenceEqual(New))
            .ToList();
        Assert.NotEmpty(broken);
    }

    private CrashSimFiles Flash(int cutAfter, bool lyingFsync)
    {
        var files = new CrashSimFiles(new Dictionary<string, byte[]> { [Profile] = Old, [LastGood] = Older }, cutAfter);
        var store = new ProfileStore(_dir, files: lyingFsync ? new LyingFsync(files) : files);
        try
        {
            store.Install(New, Old);
        }
        catch (CrashSimFiles.PowerCut)
        {
            // The power went; CrashStates() says what the disk may hold.
        }
        finally
        {
            if (Directory.Exists(_dir))
            {
                Directory.Delete(_dir, recursive: true);
            }
        }

        return files;
    }

    /// <summary>A layer whose fsync reports success without syncing anything.</summary>
    private sealed class LyingFsync(IProfileFiles inner) : IProfileFiles
    {
        public void Write(string path, byte[] content, bool sync) => inner.Write(path, content, sync: false);

        public void Rename(string from, string to) => inner.Rename(from, to);

        public void SyncDirectory(string directory) => inner.SyncDirectory(directory);
    }
}
