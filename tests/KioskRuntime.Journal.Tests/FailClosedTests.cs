using KioskRuntime.Journal.Tests.CrashSim;
using Microsoft.Extensions.Logging.Abstractions;

namespace KioskRuntime.Journal.Tests;

/// <summary>Write/fsync errors and a full disk: fail closed with a precise reason, keep what was acknowledged, recover by itself.</summary>
public sealed class FailClosedTests
{
    private const string Log = "/sim/journal/journal-log.db";

    [Theory]
    [InlineData("fdatasync", 5, "fdatasync of /sim/journal/journal-log.db failed: EIO (5)")]
    [InlineData("pwrite", 5, "pwrite of /sim/journal/journal-log.db failed: EIO (5)")]
    [InlineData("pwrite", 28, "disk full: pwrite of /sim/journal/journal-log.db failed: ENOSPC (28)")]
    public async Task An_io_error_fails_closed_keeps_acknowledged_entries_and_recovers_when_it_stops(string call, int errno, string reason)
    {
        var fs = new SimFileSystem();
        using var journal = Open(fs);
        var healths = new List<JournalHealth>();
        journal.HealthChanged += h =>
        {
            lock (healths)
            {
                healths.Add(h);
            }
        };
        var acked = new List<JournalEntry>();
        for (var i = 0; i < 3; i++)
        {
            acked.AddRange(await journal.CommitAsync(Writes.Sale(i)));
        }

        var failing = true;
        fs.Fault = (c, path, _) => failing && c == call && path == Log ? errno : null;
        var error = await Assert.ThrowsAsync<JournalUnavailableException>(() => journal.CommitAsync(Writes.Sale(3)));
        Assert.StartsWith(reason, error.Reason);
        Assert.False(journal.Health.CanWrite);
        Assert.StartsWith(reason, journal.Health.Reason);
        var later = await Assert.ThrowsAsync<JournalUnavailableException>(() => journal.CommitAsync(Writes.Sale(4)));
        Assert.StartsWith(reason, later.Reason);
        Assert.Equal(3, journal.LastSeq);
        Assert.Equal(acked[2], journal.GetEvent(3)); // readers keep working

        failing = false;
        await WaitUntil(() => journal.Health.CanWrite);
        lock (healths)
        {
            Assert.Contains(healths, h => !h.CanWrite && h.Reason!.StartsWith(reason, StringComparison.Ordinal));
            Assert.True(healths[^1].CanWrite);
        }

        var next = await journal.CommitAsync(Writes.Sale(5));
        Assert.Equal(4, Assert.Single(next).Seq); // the failed write assigned nothing
        acked.AddRange(next);
        journal.Dispose();

        // power cut after all this: every acknowledged entry is durable, the failed one is not there
        using var reopened = Open(SimFileSystem.FromImage(fs.CrashImage(new Random(1), 512)));
        Assert.Equal(acked, reopened.ReadEvents(1).ToList());
        Assert.True(reopened.Verify().IsValid);
    }

    [Fact]
    public async Task Free_space_below_the_reserve_fails_closed_with_the_numbers_and_resumes_when_space_returns()
    {
        var fs = new SimFileSystem();
        using var journal = Open(fs);
        await journal.CommitAsync(Writes.Sale(0));
        fs.Available = 12L * 1024 * 1024;
        var error = await Assert.ThrowsAsync<JournalUnavailableException>(() => journal.CommitAsync(Writes.Sale(1)));
        Assert.Equal("disk full: 12 MiB free, reserve 32 MiB", error.Reason);
        Assert.Equal(error.Reason, journal.Health.Reason);

        fs.Available = 1L << 40;
        await WaitUntil(() => journal.Health.CanWrite);
        Assert.Equal(2, Assert.Single(await journal.CommitAsync(Writes.Sale(1))).Seq);
    }

    [Fact]
    public async Task Writes_queued_behind_a_failing_group_all_fail_and_none_gets_a_seq()
    {
        var fs = new SimFileSystem();
        using var journal = Open(fs);
        await journal.CommitAsync(Writes.Sale(0));
        var gate = new ManualResetEventSlim();
        var failing = false;
        fs.Fault = (c, path, _) => failing && c == "fdatasync" && path == Log ? 5 : null;
        var blocker = journal.CommitAsync(Writes.Sale(100, (_, _) =>
        {
            gate.Wait();
            failing = true;
        }));
        var queued = Enumerable.Range(1, 5).Select(i => journal.CommitAsync(Writes.Sale(i))).ToArray();
        gate.Set();
        await Assert.ThrowsAsync<JournalUnavailableException>(() => blocker);
        foreach (var q in queued)
        {
            await Assert.ThrowsAsync<JournalUnavailableException>(() => q);
        }

        Assert.Equal(1, journal.LastSeq);
        failing = false;
        await WaitUntil(() => journal.Health.CanWrite);
        Assert.Equal(2, Assert.Single(await journal.CommitAsync(Writes.Sale(9))).Seq);
    }

    private static KioskJournal Open(SimFileSystem fs)
    {
        var journal = KioskJournal.Open(new JournalOptions { DataDirectory = "/sim/journal" }, TimeProvider.System, NullLogger<KioskJournal>.Instance, fs);
        journal.ProbeInterval = TimeSpan.FromMilliseconds(20);
        return journal;
    }

    /// <summary>Waits for the writer's background probe (not a timing assertion: the deadline only bounds a hang).</summary>
    internal static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached within 30 s");
            await Task.Delay(10);
        }
    }
}
