using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace KioskRuntime.Journal.Tests;

/// <summary>
/// A real full disk: the journal on an 8 MiB tmpfs, mounted here. Needs root (CI runs as root): reported as skipped otherwise; as root,
/// a tmpfs that cannot be mounted fails the test rather than letting it pass without having run.
/// </summary>
public sealed class FullDiskTests(ITestOutputHelper output)
{
    [RootFact("mounts an 8 MiB tmpfs")]
    public async Task A_filling_tmpfs_trips_the_reserve_then_writes_resume_when_space_is_freed()
    {
        using var mount = SmallTmpfs.Mount(output);

        var options = new JournalOptions { DataDirectory = mount.Path, DiskReserveBytes = 2L * 1024 * 1024 };
        var filler = Path.Combine(mount.Path, "filler.bin");
        var acked = new List<JournalEntry>();
        using (var journal = Open(options))
        {
            acked.AddRange(await journal.CommitAsync(Writes.Sale(0)));
            Fill(filler, leaveFree: 3L * 1024 * 1024);
            var payload = new string('x', 16 * 1024);
            JournalUnavailableException? refused = null;
            for (var i = 1; i < 400 && refused is null; i++)
            {
                try
                {
                    acked.AddRange(await journal.CommitAsync(new JournalWrite([new NewEvent("sale", $"{{\"n\":{i},\"pad\":\"{payload}\"}}", DateTimeOffset.UtcNow)])));
                }
                catch (JournalUnavailableException e)
                {
                    refused = e;
                }
            }

            Assert.NotNull(refused);
            Assert.Matches("^disk full: .* free, reserve 2 MiB$", refused.Reason);
            Assert.False(journal.Health.CanWrite);

            File.Delete(filler);
            await FailClosedTests.WaitUntil(() => journal.Health.CanWrite);
            acked.AddRange(await journal.CommitAsync(Writes.Sale(1000)));
        }

        using var reopened = Open(options);
        Assert.Equal(acked, reopened.ReadEvents(1).ToList());
        Assert.True(reopened.Verify().IsValid);
    }

    [RootFact("mounts an 8 MiB tmpfs")]
    public async Task With_no_reserve_a_completely_full_file_system_still_fails_closed_and_recovers_after_space_is_freed()
    {
        using var mount = SmallTmpfs.Mount(output);

        var options = new JournalOptions { DataDirectory = mount.Path, DiskReserveBytes = 0 };
        var filler = Path.Combine(mount.Path, "filler.bin");
        var acked = new List<JournalEntry>();
        using (var journal = Open(options))
        {
            acked.AddRange(await journal.CommitAsync(Writes.Sale(0)));
            Fill(filler, leaveFree: 0);
            var error = await Assert.ThrowsAsync<JournalUnavailableException>(async () =>
            {
                for (var i = 1; i < 50; i++)
                {
                    acked.AddRange(await journal.CommitAsync(Writes.Sale(i)));
                }
            });
            // the pre-group statvfs check (reserve + 4× the group's bytes + 64 KiB) refuses before the file system returns ENOSPC;
            // the ENOSPC errno path itself is driven by the fault shim (FaultShimTests) and the simulator (FailClosedTests)
            Assert.Matches("^disk full: (0|0\\.\\d) MiB free, reserve 0 MiB$", error.Reason);

            File.Delete(filler);
            await FailClosedTests.WaitUntil(() => journal.Health.CanWrite);
            acked.AddRange(await journal.CommitAsync(Writes.Sale(1000)));
        }

        using var reopened = Open(options);
        Assert.Equal(acked, reopened.ReadEvents(1).ToList());
        Assert.True(reopened.Verify().IsValid);
    }

    private static KioskJournal Open(JournalOptions options)
    {
        var journal = KioskJournal.Open(options, TimeProvider.System, NullLogger<KioskJournal>.Instance);
        journal.ProbeInterval = TimeSpan.FromMilliseconds(50);
        journal.CheckpointBytes = 256 * 1024;
        return journal;
    }

    private static void Fill(string path, long leaveFree)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        var chunk = new byte[64 * 1024];
        try
        {
            while (new DriveInfo(Path.GetDirectoryName(path)!).AvailableFreeSpace > leaveFree + chunk.Length)
            {
                file.Write(chunk);
                file.Flush();
            }

            if (leaveFree == 0)
            {
                while (true)
                {
                    file.Write(chunk, 0, 4096);
                    file.Flush();
                }
            }
        }
        catch (IOException)
        {
            // the file system is full
        }
    }

    private sealed class SmallTmpfs : IDisposable
    {
        private SmallTmpfs(string path) => Path = path;

        public string Path { get; }

        /// <summary>Mounts a fresh 8 MiB tmpfs; throws (failing the test) when it cannot.</summary>
        public static SmallTmpfs Mount(ITestOutputHelper output)
        {
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kjournal-tmpfs-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(path);
            var (code, err) = Run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", path);
            if (code != 0)
            {
                Directory.Delete(path);
                throw new InvalidOperationException($"cannot mount a tmpfs at {path} as root (mount exit {code}: {err.Trim()}): the full-disk proof did not run");
            }

            output.WriteLine($"8 MiB tmpfs mounted at {path}");
            return new SmallTmpfs(path);
        }

        public void Dispose()
        {
            Run("umount", Path);
            Directory.Delete(Path, recursive: true);
        }

        private static (int Code, string Error) Run(string file, params string[] args)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in args)
            {
                start.ArgumentList.Add(a);
            }

            try
            {
                using var p = Process.Start(start)!;
                var err = p.StandardError.ReadToEnd();
                p.WaitForExit();
                return (p.ExitCode, err);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                return (-1, e.Message);
            }
        }
    }
}
