using KioskRuntime.Sync.Tests.Support;

namespace KioskRuntime.Sync.Tests;

public sealed class DeadLetterRetryTests : IDisposable
{
    private readonly KioskFixture _kiosk = new();

    [Fact]
    public async Task A_resubmission_the_back_office_now_holds_clears_the_dead_letter()
    {
        await _kiosk.SellAsync(3);
        _kiosk.Upstream.RejectWhen = e => e.GetProperty("seq").GetInt64() == 2 ? "temporarily refused" : null;
        var engine = _kiosk.Engine();
        await KioskFixture.DrainAsync(engine);
        Assert.Single(engine.DeadLetters());
        // The operator fixed it upstream: the stored refusal became an acceptance.
        _kiosk.Upstream.Replace(_kiosk.Upstream.Events[1] with { Status = "accepted", Reason = null });

        await engine.RetryDeadLetterAsync(2, CancellationToken.None);

        Assert.Empty(engine.DeadLetters());
        Assert.Equal(0, engine.Status.DeadLetters);
    }

    [Fact]
    public async Task A_resubmission_still_refused_keeps_the_dead_letter_and_says_why()
    {
        await _kiosk.SellAsync(2);
        _kiosk.Upstream.RejectWhen = e => e.GetProperty("seq").GetInt64() == 1 ? "currency SEK is not accepted" : null;
        var engine = _kiosk.Engine();
        await KioskFixture.DrainAsync(engine);

        var ex = await Assert.ThrowsAsync<DeadLetterRetryException>(() => engine.RetryDeadLetterAsync(1, CancellationToken.None));

        Assert.Contains("still refuses", ex.Message, StringComparison.Ordinal);
        Assert.Contains("currency SEK", ex.Message, StringComparison.Ordinal);
        Assert.Single(engine.DeadLetters());
        Assert.Equal(2, _kiosk.Upstream.LastSeq);
    }

    [Fact]
    public async Task Retrying_a_seq_that_is_not_dead_lettered_is_refused()
    {
        await _kiosk.SellAsync(1);
        var engine = _kiosk.Engine();
        await KioskFixture.DrainAsync(engine);

        var ex = await Assert.ThrowsAsync<DeadLetterRetryException>(() => engine.RetryDeadLetterAsync(1, CancellationToken.None));

        Assert.Equal(1, ex.Seq);
        Assert.Contains("not dead-lettered", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _kiosk.Dispose();
}
