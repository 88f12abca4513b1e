namespace KioskRuntime.Journal.Tests;

public sealed class RetentionTests
{
    [Fact]
    public async Task Pruning_removes_only_delivered_old_entries_and_the_chain_still_verifies_and_continues()
    {
        using var dir = new TempJournalDir();
        using var journal = dir.Open();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 10; i++)
        {
            // seqs 1–6 are two days old, 7–10 are fresh
            var at = i < 6 ? now.AddDays(-2) : now;
            await journal.CommitAsync(new JournalWrite([new NewEvent("sale", $"{{\"n\":{i}}}", at)]));
        }

        Assert.Equal(4, journal.PruneDelivered(upToSeq: 4, minAge: TimeSpan.FromDays(1))); // delivered up to 4
        Assert.Equal(2, journal.PruneDelivered(upToSeq: 9, minAge: TimeSpan.FromDays(1))); // 7–9 delivered but too young
        Assert.Equal(0, journal.PruneDelivered(upToSeq: 9, minAge: TimeSpan.FromDays(1)));
        Assert.Null(journal.GetEvent(6));
        Assert.Equal([7L, 8, 9, 10], journal.ReadEvents(1).Select(e => e.Seq));
        var v = journal.Verify();
        Assert.True(v.IsValid, v.Problem);
        Assert.Equal(4, v.EntryCount);
        Assert.Equal(7, v.FirstSeq);

        var next = await journal.CommitAsync(Writes.Sale(11));
        Assert.Equal(11, next[0].Seq);
        journal.Dispose();
        using var reopened = dir.Open();
        Assert.Null(reopened.PendingRecovery);
        Assert.Equal(11, reopened.LastSeq);
        Assert.True(reopened.Verify().IsValid);
    }

    [Fact]
    public async Task Deleting_an_entry_after_the_prune_checkpoint_is_still_detected()
    {
        using var dir = new TempJournalDir();
        using (var journal = dir.Open())
        {
            for (var i = 0; i < 6; i++)
            {
                await journal.CommitAsync(new JournalWrite([new NewEvent("sale", $"{{\"n\":{i}}}", DateTimeOffset.UtcNow.AddDays(-3))]));
            }

            journal.PruneDelivered(3, TimeSpan.FromDays(1));
        }

        using (var raw = Storage.JournalStore.Open(new Storage.LibcFileSystem(), dir.DataFile, dir.LogFile, true, false, Storage.SalvageMode.None))
        {
            raw.Events.Delete(4);
        }

        using var ro = dir.OpenReadOnly();
        var v = ro.Verify();
        Assert.False(v.IsValid);
        Assert.Equal(4, v.ProblemSeq);
    }
}
