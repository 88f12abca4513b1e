using KioskRuntime.Sync.Tests.Support;

namespace KioskRuntime.Sync.Tests;

/// <summary>Link down for a long stretch, a back office restored from a backup, and a fork, against the reference back office.</summary>
public sealed class BackOfficeLinkTests
{
    [Fact]
    public async Task A_long_offline_stretch_keeps_selling_and_the_backlog_drains_when_the_link_returns()
    {
        await using var bo = await BackOfficeProcess.StartAsync();
        using var kiosk = new RealKiosk(bo.BaseUrl, "kiosk-offline") { };
        kiosk.Options = kiosk.Options with { BackoffCap = TimeSpan.FromMilliseconds(300) };
        await kiosk.JournalWorkloadAsync(200);
        var engine = kiosk.Engine();
        using var cts = new CancellationTokenSource();
        var loop = engine.RunAsync(cts.Token);
        await KioskFixture.EventuallyAsync(() => engine.Status.Pending == 0, "first 200 delivered");

        await bo.KillAsync();
        for (var i = 0; i < 20; i++)
        {
            await kiosk.JournalWorkloadAsync(250, perWrite: 25);
            engine.Nudge();
        }

        await KioskFixture.EventuallyAsync(() => !engine.Status.Online, "offline noticed");
        var offline = engine.Status;
        Assert.Equal(5_000, offline.Pending);
        Assert.NotNull(offline.OfflineSince);
        Assert.NotNull(offline.OldestPendingAge);
        Assert.NotNull(offline.LastError);

        await bo.StartProcessAsync();
        await KioskFixture.EventuallyAsync(() => engine.Status.Pending == 0, "backlog drained after the link returned", 60);
        await cts.CancelAsync();
        await loop;

        var status = engine.Status;
        Assert.True(status.Online);
        Assert.Null(status.LastError);
        var stored = await bo.EventsAsync(kiosk.Options.KioskId);
        Assert.Equal(Enumerable.Range(1, 5_200).Select(i => (long)i), stored.Select(e => e.Seq));
    }

    [Fact]
    public async Task A_back_office_restored_from_a_backup_gets_the_lost_events_again()
    {
        await using var bo = await BackOfficeProcess.StartAsync();
        using var kiosk = new RealKiosk(bo.BaseUrl, "kiosk-restore");
        await kiosk.JournalWorkloadAsync(300);
        var engine = kiosk.Engine();
        await KioskFixture.DrainAsync(engine);
        await bo.KillAsync();
        var backup = Path.Combine(Path.GetTempPath(), "sync-bo-backup-" + Guid.NewGuid().ToString("N"));
        CopyDirectory(bo.DataDirectory, backup);
        await bo.StartProcessAsync();
        await kiosk.JournalWorkloadAsync(300);
        await KioskFixture.DrainAsync(engine);
        Assert.Equal(600, (await bo.CursorAsync(kiosk.Options.KioskId)).LastSeq);

        await bo.KillAsync();
        Directory.Delete(bo.DataDirectory, recursive: true);
        CopyDirectory(backup, bo.DataDirectory);
        Directory.Delete(backup, recursive: true);
        await bo.StartProcessAsync();
        await kiosk.JournalWorkloadAsync(50);
        var status = await KioskFixture.DrainAsync(engine);

        Assert.False(status.Forked);
        Assert.Equal(650, status.DeliveredSeq);
        var stored = await bo.EventsAsync(kiosk.Options.KioskId);
        Assert.Equal(Enumerable.Range(1, 650).Select(i => (long)i), stored.Select(e => e.Seq));
        Assert.Contains(kiosk.Log.Lines, l => l.Message.Contains("Seq gap", StringComparison.Ordinal) || l.Message.Contains("behind", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_kiosks_sharing_an_id_fork_and_the_second_never_overwrites()
    {
        await using var bo = await BackOfficeProcess.StartAsync();
        using var first = new RealKiosk(bo.BaseUrl, "kiosk-twin");
        await first.JournalWorkloadAsync(40);
        await KioskFixture.DrainAsync(first.Engine());
        using var second = new RealKiosk(bo.BaseUrl, "kiosk-twin");
        await second.JournalWorkloadAsync(60);

        var status = await second.Engine().SyncNowAsync(CancellationToken.None);

        Assert.True(status.Forked);
        Assert.Contains("seq 40", status.ForkDetail, StringComparison.Ordinal);
        var stored = await bo.EventsAsync("kiosk-twin");
        Assert.Equal(40, stored.Count);
        Assert.Equal(first.Journal.ReadEvents(1).Select(e => e.Hash), stored.Select(e => e.Hash));
    }

    [Fact]
    public async Task A_journal_restored_from_an_old_copy_is_a_fork()
    {
        await using var bo = await BackOfficeProcess.StartAsync();
        using var kiosk = new RealKiosk(bo.BaseUrl, "kiosk-old-copy");
        await kiosk.JournalWorkloadAsync(30);
        await KioskFixture.DrainAsync(kiosk.Engine());
        using var oldCopy = new RealKiosk(bo.BaseUrl, "kiosk-old-copy");
        await oldCopy.JournalWorkloadAsync(10);

        var status = await oldCopy.Engine().SyncNowAsync(CancellationToken.None);

        Assert.True(status.Forked);
        Assert.Contains("ends at seq 10", status.ForkDetail, StringComparison.Ordinal);
        Assert.Equal(30, (await bo.CursorAsync("kiosk-old-copy")).LastSeq);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
