using System.Text.Json;
using KioskRuntime.Domain;
using KioskRuntime.Sync.Tests.Support;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Sync.Tests;

/// <summary>The push answers of the upstream contract other than plain acceptance.</summary>
public sealed class ReplayContractTests : IDisposable
{
    private readonly KioskFixture _kiosk = new();

    [Fact]
    public async Task Rejected_events_are_dead_lettered_with_the_reason_and_delivery_moves_past_them()
    {
        await _kiosk.SellAsync(3);
        await _kiosk.JournalAsync(EventTypes.StockAdjustment, EventJson.Serialize(new StockAdjustmentPayload("07038010009990", "-1", "damage", "s1")));
        await _kiosk.SellAsync(3);
        _kiosk.Upstream.RejectWhen = e => e.GetProperty("type").GetString() == "stock-adjustment" ? "stock-adjustment for unknown product" : null;
        var engine = _kiosk.Engine();

        var status = await KioskFixture.DrainAsync(engine);

        Assert.Equal(7, status.DeliveredSeq);
        Assert.Equal(1, status.DeadLetters);
        var letter = Assert.Single(engine.DeadLetters());
        Assert.Equal(4, letter.Seq);
        Assert.Equal("stock-adjustment", letter.Type);
        Assert.Equal("stock-adjustment for unknown product", letter.Reason);
        Assert.Equal(_kiosk.Journal.GetEvent(4)!.Id, letter.Id);
        Assert.Equal(7, _kiosk.Upstream.Received.Count);
        Assert.True(_kiosk.ReplayLog.Has(LogLevel.Warning, "rejected seq 4"));
    }

    [Fact]
    public async Task A_refusal_whose_answer_was_lost_is_dead_lettered_from_the_duplicate_answer()
    {
        await _kiosk.SellAsync(3);
        _kiosk.Upstream.RejectWhen = e => e.GetProperty("seq").GetInt64() == 2 ? "currency SEK is not accepted" : null;
        _kiosk.Upstream.Fault(new StubFault.CommitThenDrop("/events"));
        _kiosk.Upstream.Fault(new StubFault.Reset("/cursor"));
        var engine = _kiosk.Engine();

        var status = await KioskFixture.DrainAsync(engine);

        Assert.Equal(3, status.DeliveredSeq);
        var letter = Assert.Single(engine.DeadLetters());
        Assert.Equal(2, letter.Seq);
        Assert.Equal("currency SEK is not accepted", letter.Reason);
    }

    [Fact]
    public async Task An_invalid_event_is_dead_lettered_loudly_and_the_rest_is_sent()
    {
        await _kiosk.SellAsync(10);
        _kiosk.Upstream.InvalidWhen = e => e.GetProperty("seq").GetInt64() == 6 ? "payload.lines[0].qty: not a decimal string" : null;
        var engine = _kiosk.Engine();

        var status = await KioskFixture.DrainAsync(engine);

        Assert.Equal(10, status.DeliveredSeq);
        var letter = Assert.Single(engine.DeadLetters());
        Assert.Equal(6, letter.Seq);
        Assert.Contains("invalid", letter.Reason, StringComparison.Ordinal);
        Assert.Contains("qty", letter.Reason, StringComparison.Ordinal);
        Assert.True(_kiosk.ReplayLog.Has(LogLevel.Error, "DEFECT"));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), _kiosk.Upstream.Events.Select(e => e.Seq));
    }

    [Fact]
    public async Task A_seq_gap_resends_from_the_expected_seq()
    {
        await _kiosk.SellAsync(20);
        var engine = _kiosk.Engine();
        await KioskFixture.DrainAsync(engine);
        _kiosk.Upstream.TruncateTo(12); // the back office lost 13-20 (restored from a backup)
        await _kiosk.SellAsync(5);

        var status = await KioskFixture.DrainAsync(engine);

        Assert.Equal(25, status.DeliveredSeq);
        Assert.False(status.Forked);
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), _kiosk.Upstream.Events.Select(e => e.Seq));
        Assert.True(_kiosk.ReplayLog.Has(LogLevel.Warning, "Seq gap"));
    }

    [Fact]
    public async Task A_cursor_behind_the_kiosk_at_session_start_rewinds_delivery()
    {
        await _kiosk.SellAsync(8);
        await KioskFixture.DrainAsync(_kiosk.Engine());
        _kiosk.Upstream.TruncateTo(3);

        var status = await KioskFixture.DrainAsync(_kiosk.Engine());

        Assert.Equal(8, status.DeliveredSeq);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), _kiosk.Upstream.Events.Select(e => e.Seq));
    }

    [Fact]
    public async Task A_cursor_beyond_the_journal_is_a_fork_and_pushing_stops()
    {
        var entries = await _kiosk.SellAsync(2);
        foreach (var e in entries)
        {
            _kiosk.Upstream.Seed(new StoredEvent(e.Seq, e.Id.ToString("D"), e.Type, e.Hash, "accepted", null, e.PayloadJson, ""));
        }

        _kiosk.Upstream.Seed(new StoredEvent(3, Guid.NewGuid().ToString("D"), "sale", "abc", "accepted", null, "{}", ""));
        var engine = _kiosk.Engine();

        var status = await engine.SyncNowAsync(CancellationToken.None);

        Assert.True(status.Forked);
        Assert.Contains("seq 1-3", status.ForkDetail, StringComparison.Ordinal);
        Assert.Contains("ends at seq 2", status.ForkDetail, StringComparison.Ordinal);
        Assert.Empty(_kiosk.Upstream.Received);
        Assert.True(_kiosk.ReplayLog.Has(LogLevel.Critical, "UPSTREAM FORK"));
    }

    [Fact]
    public async Task A_different_hash_at_the_cursor_is_a_fork()
    {
        var entries = await _kiosk.SellAsync(3);
        _kiosk.Upstream.Seed(new StoredEvent(1, entries[0].Id.ToString("D"), "sale", entries[0].Hash, "accepted", null, "{}", ""));
        _kiosk.Upstream.Seed(new StoredEvent(2, Guid.NewGuid().ToString("D"), "sale", "0000feed", "accepted", null, "{}", ""));
        var engine = _kiosk.Engine();

        var status = await engine.SyncNowAsync(CancellationToken.None);

        Assert.True(status.Forked);
        Assert.Contains("seq 2", status.ForkDetail, StringComparison.Ordinal);
        Assert.Empty(_kiosk.Upstream.Received);
        Assert.Equal(2, _kiosk.Upstream.LastSeq); // nothing overwritten
    }

    [Fact]
    public async Task A_fork_answer_to_a_push_stops_pushing_for_good()
    {
        await _kiosk.SellAsync(4);
        _kiosk.Upstream.Fault(new StubFault.Status("/events", 409, Body: """{"error":"fork","seq":1}"""));
        var engine = _kiosk.Engine();

        var first = await engine.SyncNowAsync(CancellationToken.None);
        var second = await engine.SyncNowAsync(CancellationToken.None);

        Assert.True(first.Forked);
        Assert.True(second.Forked);
        Assert.Contains("seq 1", first.ForkDetail, StringComparison.Ordinal);
        Assert.Equal(4, second.Pending);
        Assert.Empty(_kiosk.Upstream.Events);
    }

    [Fact]
    public async Task Refused_credentials_keep_everything_and_say_so()
    {
        await _kiosk.SellAsync(3);
        _kiosk.Upstream.Token = "rotated";
        var engine = _kiosk.Engine();

        var status = await engine.SyncNowAsync(CancellationToken.None);

        Assert.False(status.Online);
        Assert.Equal(3, status.Pending);
        Assert.Contains("credentials (401)", status.LastError, StringComparison.Ordinal);
        _kiosk.Upstream.Token = "secret";
        var after = await KioskFixture.DrainAsync(engine);
        Assert.Equal(3, after.DeliveredSeq);
        Assert.Null(after.LastError);
    }

    [Fact]
    public async Task A_return_is_never_sent_before_its_sale()
    {
        var sale = (await _kiosk.SellAsync(1))[0];
        await _kiosk.JournalAsync(EventTypes.Return, EventJson.Serialize(new ReturnPayload(
            2, sale.Id.ToString("D"), sale.Seq, 1, "NOK", [new SaleLinePayload(KioskFixture.MilkGtin, "Melk", "1", "24.90", "15", "24.90")],
            "24.90", [], [])));
        _kiosk.Upstream.PrefixLimit = 1;
        _kiosk.Upstream.Fault(new StubFault.Reset("/events"));

        await KioskFixture.DrainAsync(_kiosk.Engine());

        var order = _kiosk.Upstream.Events.Select(e => e.Type).ToList();
        Assert.Equal(["sale", "return"], order);
        var firstReturn = _kiosk.Upstream.Received.IndexOf(2);
        var firstSale = _kiosk.Upstream.Received.IndexOf(1);
        Assert.True(firstSale < firstReturn);
    }

    [Fact]
    public async Task Results_that_are_not_a_prefix_are_trusted_only_as_far_as_they_are()
    {
        await _kiosk.SellAsync(3);
        _kiosk.Upstream.Fault(new StubFault.Status("/events", 200, Body: """{"lastSeq":3,"results":[{"seq":1,"status":"accepted"},{"seq":3,"status":"accepted"}]}"""));
        var engine = _kiosk.Engine();

        var status = await engine.SyncNowAsync(CancellationToken.None);

        Assert.Equal(1, status.DeliveredSeq);
        Assert.Contains("not a prefix", status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_that_is_not_json_is_reported_and_nothing_is_marked_delivered()
    {
        await _kiosk.SellAsync(2);
        _kiosk.Upstream.Fault(new StubFault.Status("/events", 200, Body: "<html>proxy login</html>"));
        var engine = _kiosk.Engine();

        var status = await engine.SyncNowAsync(CancellationToken.None);

        Assert.Equal(0, status.DeliveredSeq);
        Assert.Contains("not JSON", status.LastError, StringComparison.Ordinal);
        Assert.Equal(2, (await KioskFixture.DrainAsync(engine)).DeliveredSeq);
    }

    public void Dispose() => _kiosk.Dispose();
}
