using KioskRuntime.Sync.Tests.Support;

namespace KioskRuntime.Sync.Tests;

/// <summary>Ambiguous and transient outcomes: the same events go again and the back office ends with each exactly once.</summary>
public sealed class ReplayFaultTests : IDisposable
{
    private readonly KioskFixture _kiosk = new();

    public static TheoryData<string> Faults => ["500", "503", "429", "503-retry-after", "reset", "commit-then-drop", "hang"];

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Every_event_ends_upstream_exactly_once_through_a_fault(string fault)
    {
        await _kiosk.SellAsync(60);
        for (var i = 0; i < 3; i++)
        {
            _kiosk.Upstream.Fault(fault switch
            {
                "500" => new StubFault.Status("/events", 500),
                "503" => new StubFault.Status("/events", 503),
                "429" => new StubFault.Status("/events", 429),
                "503-retry-after" => new StubFault.Status("/events", 503, TimeSpan.FromSeconds(1)),
                "reset" => new StubFault.Reset("/events"),
                "commit-then-drop" => new StubFault.CommitThenDrop("/events"),
                _ => new StubFault.Hang("/events"),
            });
        }

        _kiosk.Options = _kiosk.Options with { RequestTimeout = TimeSpan.FromMilliseconds(200) };
        var engine = _kiosk.Engine();

        var failed = await engine.SyncNowAsync(CancellationToken.None);
        Assert.NotNull(failed.LastError);
        var status = await KioskFixture.DrainAsync(engine);

        Assert.Equal(60, status.DeliveredSeq);
        Assert.Equal(0, status.Pending);
        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), _kiosk.Upstream.Events.Select(e => e.Seq));
        Assert.All(_kiosk.Upstream.Events, e => Assert.Equal("accepted", e.Status));
    }

    [Fact]
    public async Task A_timeout_is_reported_as_such_and_takes_the_kiosk_offline()
    {
        await _kiosk.SellAsync(1);
        _kiosk.Options = _kiosk.Options with { RequestTimeout = TimeSpan.FromMilliseconds(100) };
        var engine = _kiosk.Engine();
        await KioskFixture.DrainAsync(engine);
        await _kiosk.SellAsync(1);
        _kiosk.Upstream.Fault(new StubFault.Hang("/events"));

        var status = await engine.SyncNowAsync(CancellationToken.None);

        Assert.False(status.Online);
        Assert.NotNull(status.OfflineSince);
        Assert.Contains("no answer within", status.LastError, StringComparison.Ordinal);
        Assert.Equal(1, status.Pending);
    }

    [Fact]
    public async Task The_loop_recovers_by_itself_after_faults()
    {
        await _kiosk.SellAsync(25);
        _kiosk.Upstream.Fault(new StubFault.Reset("/cursor"));
        _kiosk.Upstream.Fault(new StubFault.Status("/events", 500));
        _kiosk.Upstream.Fault(new StubFault.Status("/events", 429, TimeSpan.Zero));
        _kiosk.Upstream.Fault(new StubFault.CommitThenDrop("/events"));
        var engine = _kiosk.Engine();
        using var cts = new CancellationTokenSource();

        var loop = engine.RunAsync(cts.Token);
        await KioskFixture.EventuallyAsync(() => engine.Status.Pending == 0, "pending reaches 0");
        await cts.CancelAsync();
        await loop;

        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), _kiosk.Upstream.Events.Select(e => e.Seq));
        Assert.True(engine.Status.Online);
    }

    public void Dispose() => _kiosk.Dispose();
}
