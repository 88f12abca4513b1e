using KioskRuntime.Daemon.LocalApi;

namespace KioskRuntime.Daemon.Tests.LocalApi;

/// <summary>The screen's event fan-out: bounded per client, never waiting on a client, cutting off one that does not read.</summary>
public sealed class ScreenEventsTests
{
    [Fact]
    public async Task A_client_that_does_not_read_is_cut_off_at_its_bound_while_a_reading_client_gets_everything()
    {
        var events = new ScreenEvents(TimeProvider.System);
        var stuck = events.Subscribe();
        var reading = events.Subscribe();
        var received = 0;
        var reader = Task.Run(async () =>
        {
            await foreach (var _ in reading.Queue.Reader.ReadAllAsync())
            {
                received++;
            }
        });

        for (var i = 0; i < 10_000; i++)
        {
            events.Scan(true, $"added item {i}", "scanner");
            if (i % 32 == 0)
            {
                while (reading.Queue.Reader.Count > 0)
                {
                    await Task.Delay(1); // a reading client keeps up between bursts, as a connected browser does
                }
            }
        }

        Assert.False(stuck.Queue.Writer.TryWrite(new ScreenEvent(0, "probe", "{}")), "the stuck client was not cut off (its queue still takes events)");
        Assert.Equal(ScreenEvents.ClientCapacity, stuck.Queue.Reader.Count); // it holds at most its bound, never more
        Assert.Equal(1, events.CutOff);
        Assert.Equal(1, events.ClientCount);
        
        events.Unsubscribe(reading);
        await reader;
        Assert.True(received > ScreenEvents.ClientCapacity, $"the reading client got only {received}");
    }

    [Theory]
    [InlineData(true, "added Brunost 500 g", "added")]
    [InlineData(true, "return of receipt 4 (79.90) ready: check out to refund", "return-started")]
    [InlineData(false, "unknown product 07038010001666: not in the local catalog", "unknown-product")]
    [InlineData(false, "duplicate scan ignored", "duplicate")]
    [InlineData(false, "Epler is sold by weight: scan the label from the scale", "weigh-first")]
    [InlineData(false, "something new the loop says", "not-added")]
    public void A_scan_answer_gets_a_reason_the_screen_can_translate(bool accepted, string message, string reason) =>
        Assert.Equal(reason, ScanReasons.Classify(accepted, message));
}
