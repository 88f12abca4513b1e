using System.Text.Json;
using KioskRuntime.Sync.Tests.Support;

namespace KioskRuntime.Sync.Tests;

public sealed class ReplayDeliveryTests : IDisposable
{
    private readonly KioskFixture _kiosk = new();

    [Fact]
    public async Task Drains_every_event_once_in_order_with_the_payload_verbatim()
    {
        var entries = await _kiosk.SellAsync(150);
        var engine = _kiosk.Engine();

        var status = await KioskFixture.DrainAsync(engine);

        Assert.Equal(0, status.Pending);
        Assert.Equal(150, status.DeliveredSeq);
        Assert.True(status.Online);
        Assert.Null(status.LastError);
        var stored = _kiosk.Upstream.Events;
        Assert.Equal(entries.Select(e => e.Seq), stored.Select(s => s.Seq));
        Assert.Equal(entries.Select(e => e.Id.ToString("D")), stored.Select(s => s.Id));
        Assert.Equal(entries.Select(e => e.Hash), stored.Select(s => s.Hash));
        Assert.Equal(entries.Select(e => e.PayloadJson), stored.Select(s => s.RawPayload));
        Assert.All(stored, s => Assert.Equal("accepted", s.Status));
        Assert.Equal(150, _kiosk.Upstream.Received.Count);
    }

    [Fact]
    public async Task Occurred_at_goes_as_rfc3339_with_milliseconds_and_offset()
    {
        var at = new DateTimeOffset(2026, 11, 27, 9, 15, 2, 123, TimeSpan.FromHours(1));
        await _kiosk.Journal.CommitAsync(new Journal.JournalWrite([new Journal.NewEvent("sale", KioskFixture.SaleJson(1), at)]));

        await KioskFixture.DrainAsync(_kiosk.Engine());

        var stored = Assert.Single(_kiosk.Upstream.Events);
        Assert.Equal(at, DateTimeOffset.Parse(stored.OccurredAt, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$", stored.OccurredAt);
    }

    [Fact]
    public async Task Delivery_state_survives_a_restart_and_nothing_is_sent_twice()
    {
        await _kiosk.SellAsync(40);
        await KioskFixture.DrainAsync(_kiosk.Engine());
        await _kiosk.SellAsync(10);
        _kiosk.Reopen();

        var restarted = _kiosk.Engine();
        Assert.Equal(40, restarted.Status.DeliveredSeq);
        Assert.Equal(10, restarted.Status.Pending);
        var status = await KioskFixture.DrainAsync(restarted);

        Assert.Equal(50, status.DeliveredSeq);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), _kiosk.Upstream.Received);
    }

    [Fact]
    public async Task Events_the_back_office_stored_without_the_kiosk_hearing_are_delivered_once_and_their_outcome_learnt()
    {
        var entries = await _kiosk.SellAsync(5);
        foreach (var e in entries.Take(3))
        {
            _kiosk.Upstream.Seed(new StoredEvent(e.Seq, e.Id.ToString("D"), e.Type, e.Hash, "accepted", null, e.PayloadJson, ""));
        }

        var status = await KioskFixture.DrainAsync(_kiosk.Engine());

        Assert.Equal(5, status.DeliveredSeq);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], _kiosk.Upstream.Received);
        Assert.Equal(5, _kiosk.Upstream.LastSeq);
    }

    [Fact]
    public async Task Results_covering_only_a_prefix_send_the_rest_again()
    {
        await _kiosk.SellAsync(30);
        _kiosk.Upstream.PrefixLimit = 7;

        var status = await KioskFixture.DrainAsync(_kiosk.Engine());

        Assert.Equal(30, status.DeliveredSeq);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), _kiosk.Upstream.Events.Select(e => e.Seq));
    }

    [Fact]
    public async Task Status_counts_pending_events_and_the_age_of_the_oldest()
    {
        await _kiosk.Journal.CommitAsync(new Journal.JournalWrite([new Journal.NewEvent("sale", KioskFixture.SaleJson(1), DateTimeOffset.UtcNow.AddMinutes(-10))]));
        await _kiosk.SellAsync(2);
        var engine = _kiosk.Engine();

        var before = engine.Status;

        Assert.Equal(3, before.Pending);
        Assert.Equal(0, before.DeliveredSeq);
        Assert.NotNull(before.OldestPendingAge);
        Assert.True(before.OldestPendingAge >= TimeSpan.FromMinutes(9), $"oldest pending age {before.OldestPendingAge}");
        Assert.False(before.Online);
        var after = await KioskFixture.DrainAsync(engine);
        Assert.Null(after.OldestPendingAge);
        Assert.NotNull(after.LastSuccess);
        Assert.NotNull(after.OnlineSince);
    }

    [Fact]
    public async Task The_loop_pushes_after_a_nudge_and_stops_when_cancelled()
    {
        var engine = _kiosk.Engine();
        using var cts = new CancellationTokenSource();
        var loop = engine.RunAsync(cts.Token);

        await _kiosk.SellAsync(3);
        engine.Nudge();
        await KioskFixture.EventuallyAsync(() => _kiosk.Upstream.LastSeq == 3, "3 events upstream");
        await _kiosk.SellAsync(2);
        engine.Nudge();
        await KioskFixture.EventuallyAsync(() => engine.Status.Pending == 0 && _kiosk.Upstream.LastSeq == 5, "5 events upstream");

        await cts.CancelAsync();
        await loop;
        Assert.True(engine.Progress.Count > 0);
        Assert.Equal(5, _kiosk.Upstream.Received.Count);
    }

    [Fact]
    public async Task An_event_journaled_without_a_nudge_is_still_sent_by_the_idle_loop()
    {
        var engine = _kiosk.Engine();
        using var cts = new CancellationTokenSource();
        var loop = engine.RunAsync(cts.Token);
        await KioskFixture.EventuallyAsync(() => engine.Status.Online, "online");

        await _kiosk.SellAsync(1);

        await KioskFixture.EventuallyAsync(() => _kiosk.Upstream.LastSeq == 1, "event upstream without a nudge");
        await cts.CancelAsync();
        await loop;
    }

    [Fact]
    public async Task A_payload_that_is_not_json_goes_as_a_string_so_the_batch_stays_parseable()
    {
        await _kiosk.SellAsync(1);
        await _kiosk.JournalAsync("sale", "{not json");
        await _kiosk.SellAsync(1);
        _kiosk.Upstream.InvalidWhen = e => e.GetProperty("payload").ValueKind == JsonValueKind.String ? "payload: not an object" : null;

        var status = await KioskFixture.DrainAsync(_kiosk.Engine());

        Assert.Equal(3, status.DeliveredSeq);
        var letter = Assert.Single(_kiosk.Engine().DeadLetters());
        Assert.Equal(2, letter.Seq);
        Assert.Equal(["accepted", "invalid", "accepted"], _kiosk.Upstream.Events.Select(e => e.Status));
    }

    public void Dispose() => _kiosk.Dispose();
}
