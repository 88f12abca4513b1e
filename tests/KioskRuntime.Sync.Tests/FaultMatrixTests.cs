using KioskRuntime.Sync.Tests.Support;

namespace KioskRuntime.Sync.Tests;

/// <summary>
/// Against the reference back office as a separate process over loopback HTTP: every injected fault mixed in, the engine
/// restarted (journal reopened) mid-run, sales continuing; the back office must end with every event exactly once, in order.
/// </summary>
public sealed class FaultMatrixTests
{
    private const string Push = "POST /v1/kiosks/*/events";
    private const string Cursor = "GET /v1/kiosks/*/cursor";

    /// <summary>Every fault the back office can inject, on pushes and cursor reads, with fixed seeds.</summary>
    private static readonly string Rules = $$"""
        [
          {"match": "{{Push}}", "fault": "hang", "delayMs": 4000, "probability": 0.2, "count": 3, "seed": 7},
          {"match": "{{Push}}", "fault": "status", "status": 500, "probability": 0.04, "seed": 1},
          {"match": "{{Push}}", "fault": "status", "status": 502, "probability": 0.02, "seed": 2},
          {"match": "{{Push}}", "fault": "status", "status": 503, "retryAfter": 1, "probability": 0.02, "count": 3, "seed": 3},
          {"match": "{{Push}}", "fault": "status", "status": 503, "probability": 0.03, "seed": 4},
          {"match": "{{Push}}", "fault": "status", "status": 429, "retryAfter": 1, "probability": 0.02, "count": 3, "seed": 5},
          {"match": "{{Push}}", "fault": "status", "status": 429, "probability": 0.03, "seed": 6},
          {"match": "{{Push}}", "fault": "reset", "probability": 0.04, "seed": 8},
          {"match": "{{Push}}", "fault": "slow", "delayMs": 300, "probability": 0.04, "seed": 9},
          {"match": "{{Push}}", "fault": "commit-then-drop", "probability": 0.06, "seed": 10},
          {"match": "{{Cursor}}", "fault": "reset", "probability": 0.08, "seed": 11},
          {"match": "{{Cursor}}", "fault": "status", "status": 500, "probability": 0.05, "seed": 12},
          {"match": "{{Cursor}}", "fault": "slow", "delayMs": 200, "probability": 0.05, "seed": 13}
        ]
        """;

    [Fact]
    public async Task Twelve_thousand_events_through_every_fault_and_engine_restarts_arrive_exactly_once_in_order()
    {
        await using var bo = await BackOfficeProcess.StartAsync();
        using var kiosk = new RealKiosk(bo.BaseUrl);
        await kiosk.JournalWorkloadAsync(10_000);
        await bo.SetFaultsAsync(Rules);

        // Run 1: cut off at a random point of the drain (a batch is almost always in flight).
        var run = Run(kiosk.Engine());
        await KioskFixture.EventuallyAsync(() => run.Engine.Status.DeliveredSeq >= 2_500, "2,500 delivered under faults", 180);
        await run.StopAsync();

        // Run 2 (a restart: journal reopened): the back office stores a batch and the answer is lost; restart before the kiosk records it.
        kiosk.Reopen();
        var dropsBefore = Drops(bo.Output);
        await bo.SetFaultsAsync($$"""[{"match": "{{Push}}", "fault": "commit-then-drop", "count": 1}]""");
        run = Run(kiosk.Engine());
        // Wait for the drop itself: run 1's cut-off batch may already have put the back office ahead of the kiosk, which alone
        // would satisfy the cursor check before the forced drop ever fires (and run 3's rules would then replace it unfired).
        var delivered = run.Engine.Status.DeliveredSeq;
        await KioskFixture.EventuallyAsync(
            () => Drops(bo.Output) > dropsBefore
                && bo.CursorAsync(kiosk.Options.KioskId).GetAwaiter().GetResult().LastSeq > delivered,
            "a dropped commit upstream", 60);
        await run.StopAsync();
        var upstream = (await bo.CursorAsync(kiosk.Options.KioskId)).LastSeq;
        Assert.True(upstream > run.Engine.Status.DeliveredSeq, "the back office holds more than the kiosk recorded");

        // Run 3: faults again, sales continue while the backlog drains, one more restart mid-way.
        kiosk.Reopen();
        await bo.SetFaultsAsync(Rules);
        run = Run(kiosk.Engine());
        await kiosk.JournalWorkloadAsync(2_000, perWrite: 50);
        run.Engine.Nudge();
        await KioskFixture.EventuallyAsync(() => run.Engine.Status.DeliveredSeq >= 8_000, "8,000 delivered", 180);
        await run.StopAsync();
        kiosk.Reopen();
        run = Run(kiosk.Engine());
        await KioskFixture.EventuallyAsync(() => run.Engine.Status.Pending == 0, "nothing pending under faults", 240);
        await bo.ClearFaultsAsync();
        var final = await run.Engine.SyncNowAsync(CancellationToken.None);
        await run.StopAsync();

        Assert.Equal(0, final.Pending);
        Assert.False(final.Forked);
        var stored = await bo.EventsAsync(kiosk.Options.KioskId);
        var journal = kiosk.Journal.ReadEvents(1).ToList();
        Assert.Equal(12_000, journal.Count);
        Assert.Equal(journal.Count, stored.Count);
        for (var i = 0; i < journal.Count; i++)
        {
            var (mine, theirs) = (journal[i], stored[i]);
            Assert.Equal(mine.Seq, theirs.Seq);
            Assert.Equal(mine.Id.ToString("D"), theirs.Id);
            Assert.Equal(mine.Hash, theirs.Hash);
            var expected = kiosk.Refusals.Contains(mine.Seq) ? "rejected" : "accepted";
            Assert.True(expected == theirs.Status, $"seq {mine.Seq} ({mine.Type}) is {theirs.Status} upstream ({theirs.Reason}), expected {expected}");
        }

        Assert.Equal(kiosk.Refusals, run.Engine.DeadLetters().Select(d => d.Seq));
        foreach (var kind in new[] { "status", "hang", "reset", "slow", "commit-then-drop" })
        {
            Assert.Contains($"fault {kind} injected", bo.Output, StringComparison.Ordinal);
        }
        Assert.Equal(final.DeadLetters, kiosk.Refusals.Count);
    }

    private static int Drops(string output)
    {
        const string Marker = "fault commit-then-drop injected";
        var count = 0;
        for (var at = output.IndexOf(Marker, StringComparison.Ordinal); at >= 0; at = output.IndexOf(Marker, at + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    private static Running Run(ReplayEngine engine)
    {
        var cts = new CancellationTokenSource();
        return new Running(engine, cts, engine.RunAsync(cts.Token));
    }

    private sealed record Running(ReplayEngine Engine, CancellationTokenSource Cts, Task Loop)
    {
        public async Task StopAsync()
        {
            await Cts.CancelAsync();
            await Loop;
            Cts.Dispose();
        }
    }
}
