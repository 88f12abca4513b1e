using KioskRuntime.RackbeatSimulator;
using KioskRuntime.Sync.Rackbeat;
using KioskRuntime.Sync.Tests.Support;
using static KioskRuntime.Sync.Tests.Rackbeat.RackbeatBed;

namespace KioskRuntime.Sync.Tests.Rackbeat;

/// <summary>Consumer headers, 422 field errors in dead letters, 429 with Retry-After, the request budget, options.</summary>
public sealed class RackbeatMannersTests
{
    [Fact]
    public async Task An_item_rackbeat_does_not_know_is_dead_lettered_naming_the_field_and_its_message()
    {
        await using var bed = await StartAsync();
        await bed.SaleAsync(1);
        await bed.SaleAsync(2, Unknown);
        await bed.SaleAsync(3);
        var engine = bed.Engine();

        var status = await KioskFixture.DrainAsync(engine);

        Assert.Equal(3, status.DeliveredSeq);
        var letter = Assert.Single(engine.DeadLetters());
        Assert.Equal(2, letter.Seq);
        Assert.Equal("Rackbeat 422 — lines.0.item_id: The selected lines.0.item_id is invalid.", letter.Reason);
        Assert.Equal(2, bed.Simulator.Account.Orders().Count);
    }

    [Fact]
    public async Task Throttling_reaches_the_engine_with_its_retry_after_and_nothing_is_created_meanwhile()
    {
        await using var bed = await StartAsync();
        await bed.SaleAsync(1);
        bed.Simulator.Faults.Add(new FaultRule { Match = "POST /api/orders/drafts", Kind = "status", Status = 429, RetryAfter = 7 });
        var engine = bed.Engine();

        var first = await engine.SyncNowAsync(CancellationToken.None);

        Assert.Contains("429", first.LastError, StringComparison.Ordinal);
        Assert.Contains("Retry-After 7 s", first.LastError, StringComparison.Ordinal);
        Assert.Empty(bed.Simulator.Account.Orders());
        Assert.Equal(0, (await KioskFixture.DrainAsync(engine)).Pending);
        Assert.Single(bed.Simulator.Account.Orders());
    }

    [Fact]
    public async Task Every_request_names_the_integration_and_without_the_headers_the_simulator_refuses()
    {
        await using var bed = await StartAsync();
        await bed.SaleAsync(1);

        await KioskFixture.DrainAsync(bed.Engine());

        Assert.NotEmpty(bed.Simulator.Faults.Requests());
        Assert.Single(bed.Simulator.Account.Orders()); // the simulator answers 400 to any request without the three headers
        var problems = (bed.Options with { ConsumerName = " ", ConsumerContact = "nobody" }).Validate();
        Assert.Contains(problems, p => p.StartsWith("ConsumerName: missing", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("ConsumerContact: must be an e-mail address", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Event_types_rackbeat_has_no_use_for_are_accepted_without_a_call()
    {
        await using var bed = await StartAsync();
        await bed.Kiosk.JournalAsync("receipt-printed", """{"receiptNo":1,"saleSeq":1,"kind":"sale","outcome":"printed"}""");

        var status = await KioskFixture.DrainAsync(bed.Engine());

        Assert.Equal(1, status.DeliveredSeq);
        Assert.Empty(bed.Simulator.Faults.Requests());
    }

    [Fact]
    public void The_request_budget_never_lets_more_than_the_limit_start_in_one_window()
    {
        var throttle = new RequestThrottle(480, TimeSpan.FromMinutes(1));
        var t0 = new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

        var waits = Enumerable.Range(0, 481).Select(_ => throttle.Reserve(t0)).ToList();

        Assert.All(waits.Take(480), w => Assert.Equal(TimeSpan.Zero, w));
        Assert.Equal(TimeSpan.FromMinutes(1), waits[480]);
        Assert.Equal(TimeSpan.FromSeconds(30), throttle.Reserve(t0.AddSeconds(30)));
        Assert.Equal(TimeSpan.Zero, new RequestThrottle(2, TimeSpan.FromSeconds(1)).Reserve(t0));
    }

    [Fact]
    public void Options_refuse_a_budget_above_the_clients_default_and_name_the_setting()
    {
        var problems = new RackbeatOptions { Token = "t", KioskId = "k", CustomerNumber = 0, RequestsPerMinute = 600, ConsumerName = "n", ConsumerContact = "a@b", KioskRefFieldId = 0 }.Validate();

        Assert.Contains(problems, p => p.StartsWith("RequestsPerMinute: must be 1 to 480", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("CustomerNumber", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("KioskRefFieldId", StringComparison.Ordinal));
    }
}
