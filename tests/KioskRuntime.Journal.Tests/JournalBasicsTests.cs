using KioskRuntime.Journal;

namespace KioskRuntime.Journal.Tests;

public sealed class JournalBasicsTests
{
    [Fact]
    public async Task Commits_get_contiguous_seqs_and_a_verifiable_chain_that_survives_reopen()
    {
        using var dir = new TempJournalDir();
        using (var journal = dir.Open())
        {
            Assert.Equal(0, journal.LastSeq);
            Assert.Equal("", journal.LastHash);
            for (var i = 0; i < 5; i++)
            {
                var entries = await journal.CommitAsync(Writes.Sale(i));
                Assert.Equal(i + 1, Assert.Single(entries).Seq);
            }

            Assert.Equal(5, journal.LastSeq);
        }

        using var reopened = dir.Open();
        Assert.Equal(5, reopened.LastSeq);
        var all = reopened.ReadEvents(1).ToList();
        Assert.Equal([1L, 2, 3, 4, 5], all.Select(e => e.Seq));
        Assert.Equal("", all[0].PrevHash);
        Assert.All(all.Skip(1), (e, i) => Assert.Equal(all[i].Hash, e.PrevHash));
        Assert.Equal(all[^1].Hash, reopened.LastHash);
        Assert.Equal("{\"n\":3,\"total\":\"12.50\"}", all[3].PayloadJson);
        Assert.Equal(TimeSpan.FromHours(1), all[3].OccurredAt.Offset);
        var v = reopened.Verify();
        Assert.True(v.IsValid, v.Problem);
        Assert.Equal(5, v.EntryCount);
        Assert.Equal(5, v.CountsByType["sale"]);
        Assert.Equal(7, reopened.ReadEvents(3, 2).Sum(e => e.Seq));
        Assert.Equal(4, reopened.GetEvent(4)!.Seq);
        Assert.Null(reopened.GetEvent(6));
    }

    [Fact]
    public async Task State_changes_commit_with_the_events_and_are_readable_from_any_thread()
    {
        using var dir = new TempJournalDir();
        using var journal = dir.Open();
        await journal.CommitAsync(Writes.Sale(1, (s, e) => s.Put("counters", "receipt", new Counter { Value = e[0].Seq * 10 })));
        await journal.CommitAsync(new JournalWrite([], (s, _) =>
        {
            var c = s.Get<Counter>("counters", "receipt")!;
            s.Put("counters", "receipt", new Counter { Value = c.Value + 1 });
            s.Put("counters", "other", new Counter { Value = 7 });
        }));
        Assert.Equal(11, journal.GetState<Counter>("counters", "receipt")!.Value);
        Assert.Equal(2, journal.ListState<Counter>("counters").Count);
        await journal.CommitAsync(new JournalWrite([], (s, _) => Assert.True(s.Delete("counters", "other"))));
        Assert.Null(journal.GetState<Counter>("counters", "other"));
        Assert.Equal(1, journal.LastSeq);
    }

    [Fact]
    public async Task A_throwing_apply_fails_only_its_own_write_and_consumes_no_seq()
    {
        using var dir = new TempJournalDir();
        using var journal = dir.Open();
        var gate = new ManualResetEventSlim();
        // hold the writer so the next three writes land in one group
        var blocker = journal.CommitAsync(new JournalWrite([], (_, _) => gate.Wait()));
        var a = journal.CommitAsync(Writes.Sale(1, (s, _) => s.Put("c", "a", new Counter { Value = 1 })));
        var bad = journal.CommitAsync(Writes.Sale(2, (s, _) =>
        {
            s.Put("c", "bad", new Counter { Value = 2 });
            throw new InvalidOperationException("no stock for that");
        }));
        var c = journal.CommitAsync(Writes.Sale(3, (s, _) => s.Put("c", "c", new Counter { Value = 3 })));
        gate.Set();
        await blocker;
        Assert.Equal(1, Assert.Single(await a).Seq);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        Assert.Equal("no stock for that", error.Message);
        Assert.Equal(2, Assert.Single(await c).Seq);
        Assert.Null(journal.GetState<Counter>("c", "bad"));
        Assert.NotNull(journal.GetState<Counter>("c", "c"));
        Assert.True(journal.Verify().IsValid);
    }

    [Fact]
    public async Task Concurrent_producers_share_group_commits_and_every_seq_is_assigned_once()
    {
        using var dir = new TempJournalDir();
        using var journal = dir.Open();
        var tasks = Enumerable.Range(0, 8).Select(p => Task.Run(async () =>
        {
            var seqs = new List<long>();
            for (var i = 0; i < 50; i++)
            {
                seqs.AddRange((await journal.CommitAsync(Writes.Sale((p * 1000) + i))).Select(e => e.Seq));
            }

            return seqs;
        })).ToArray();
        var all = (await Task.WhenAll(tasks)).SelectMany(s => s).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 400).Select(i => (long)i), all);
        Assert.True(journal.GroupCount < 400, $"{journal.GroupCount} groups for 400 writes from 8 producers");
        Assert.True(journal.Verify().IsValid);
    }

    [Fact]
    public async Task A_second_writer_is_refused_with_the_holders_pid_and_read_only_open_is_refused_while_locked()
    {
        using var dir = new TempJournalDir();
        using (var journal = dir.Open())
        {
            await journal.CommitAsync(Writes.Sale(1));
            var locked = Assert.Throws<JournalLockedException>(() => dir.Open());
            Assert.Equal(Environment.ProcessId, locked.HolderPid);
            Assert.Contains(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), locked.Message);
        }

        using var ro = dir.OpenReadOnly();
        Assert.Equal(1, ro.LastSeq);
        Assert.False(ro.Health.CanWrite);
        var refused = await Assert.ThrowsAsync<JournalUnavailableException>(() => ro.CommitAsync(Writes.Sale(2)));
        Assert.Contains("read-only", refused.Reason);
        Assert.True(ro.Verify().IsValid);
    }

    [Fact]
    public void Read_only_open_of_a_missing_journal_says_so()
    {
        using var dir = new TempJournalDir();
        var e = Assert.Throws<JournalUnavailableException>(() => dir.OpenReadOnly());
        Assert.Contains("does not exist", e.Message);
    }
}
