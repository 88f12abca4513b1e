using KioskRuntime.Sync.Tests.Support;

namespace KioskRuntime.Sync.Tests;

/// <summary>The loop's waits, on a clock the test moves: Retry-After is honoured, backoff waits are not busy, beats continue.</summary>
public sealed class ReplayTimingTests : IDisposable
{
    private readonly KioskFixture _kiosk = new();
    private readonly ManualTime _time = new();

    [Fact]
    public async Task A_retry_after_is_waited_out_and_the_loop_beats_every_second_meanwhile()
    {
        await _kiosk.SellAsync(3);
        _kiosk.Upstream.Fault(new StubFault.Status("/events", 503, TimeSpan.FromSeconds(30)));
        var engine = new ReplayEngine(_kiosk.Journal, _kiosk.Http, _kiosk.Options with { BackoffCap = TimeSpan.FromSeconds(30) }, _time, _kiosk.ReplayLog, () => 0.5);
        using var cts = new CancellationTokenSource();
        var loop = engine.RunAsync(cts.Token);
        await KioskFixture.EventuallyAsync(() => _kiosk.Upstream.Requests == 2 && engine.Status.LastError is not null, "cursor + refused push");
        var beats = engine.Progress.Count;

        for (var s = 0; s < 29; s++)
        {
            await KioskFixture.EventuallyAsync(() => _time.HasTimerWithin(TimeSpan.FromSeconds(1)), "the loop waiting on the clock");
            _time.Advance(TimeSpan.FromSeconds(1));
            await KioskFixture.EventuallyAsync(() => engine.Progress.Count > beats + s, $"a beat in second {s + 1}");
        }

        Assert.Equal(2, _kiosk.Upstream.Requests); // nothing sent before Retry-After ran out
        await KioskFixture.EventuallyAsync(() => _time.HasTimerWithin(TimeSpan.FromSeconds(1)), "the loop waiting on the clock");
        _time.Advance(TimeSpan.FromSeconds(1));
        await KioskFixture.EventuallyAsync(() => engine.Status.Pending == 0, "delivered after Retry-After");
        await cts.CancelAsync();
        await loop;
        Assert.Equal(4, _kiosk.Upstream.Requests); // then one new session: cursor + push
    }

    [Fact]
    public async Task While_the_back_office_is_down_attempts_follow_the_backoff_not_a_busy_loop()
    {
        await _kiosk.SellAsync(1);
        for (var i = 0; i < 100; i++)
        {
            _kiosk.Upstream.Fault(new StubFault.Reset("/"));
        }

        // Jitter pinned at the ceiling: waits are 1, 2, 4, 8, 8 … seconds (base 1 s, cap 8 s).
        var options = _kiosk.Options with { BackoffBase = TimeSpan.FromSeconds(1), BackoffCap = TimeSpan.FromSeconds(8) };
        var engine = new ReplayEngine(_kiosk.Journal, _kiosk.Http, options, _time, _kiosk.ReplayLog, () => 1.0);
        using var cts = new CancellationTokenSource();
        var loop = engine.RunAsync(cts.Token);
        await KioskFixture.EventuallyAsync(() => _kiosk.Upstream.Requests == 1, "first attempt");

        var seen = new List<int>();
        for (var s = 1; s <= 31; s++)
        {
            await KioskFixture.EventuallyAsync(() => _time.HasTimerWithin(TimeSpan.FromSeconds(1)), "the loop waiting on the clock");
            _time.Advance(TimeSpan.FromSeconds(1));
            await KioskFixture.EventuallyAsync(() => engine.Progress.Count > 0, "beat");
            if (s is 1 or 3 or 7 or 15 or 23 or 31)
            {
                var expected = seen.Count + 2;
                await KioskFixture.EventuallyAsync(() => _kiosk.Upstream.Requests == expected, $"attempt {expected} at second {s}");
                seen.Add(s);
            }
        }

        await cts.CancelAsync();
        await loop;
        Assert.Equal(7, _kiosk.Upstream.Requests); // 31 s offline: 7 attempts, not hundreds
        Assert.False(engine.Status.Online);
    }

    public void Dispose() => _kiosk.Dispose();
}
