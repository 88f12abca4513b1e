using KioskRuntime.Sync.Rackbeat;
using static KioskRuntime.Sync.Tests.Rackbeat.RackbeatBed;

namespace KioskRuntime.Sync.Tests.Rackbeat;

/// <summary>The sandbox checklist run against the simulator: it must report the simulator's documented defaults, and leave stock as it found it.</summary>
public sealed class RackbeatChecklistTests
{
    [Theory]
    [InlineData("shipment", "mark-shipped")]
    [InlineData("invoice", "invoice")]
    public async Task The_checklist_reports_where_on_hand_moves_and_each_assumption_and_leaves_stock_as_it_was(string mode, string movedAt)
    {
        await using var bed = await StartAsync(mode, kioskRefField: 7);
        using var http = new HttpClient();
        var options = bed.Options with { RequestTimeout = TimeSpan.FromSeconds(10), StockMode = mode == "invoice" ? RackbeatStockMode.Invoice : RackbeatStockMode.Shipment };

        var checks = await new RackbeatChecklist(http, options, TimeProvider.System).RunAsync("BAT/AA4", CancellationToken.None);

        string Verdict(string question) => Assert.Single(checks, c => c.Question.StartsWith(question, StringComparison.Ordinal)).Verdict;
        var stock = Assert.Single(checks, c => c.Question.StartsWith("on-hand after book", StringComparison.Ordinal));
        Assert.Equal("ok", stock.Verdict);
        Assert.StartsWith($"before 15; moved at {movedAt}", stock.Answer, StringComparison.Ordinal);
        Assert.Equal("ok", Verdict("lists answer 206"));
        Assert.Equal("ok", Verdict("line_price is the net unit price"));
        Assert.Equal("ok", Verdict("credit note booked with reverse_inventory"));
        Assert.Equal("ok", Verdict("search= finds an order"));
        Assert.Equal("ok", Verdict("PUT orders/{n}/fields then field_eq"));
        Assert.Equal("ok", Verdict("adjustment quantity is the absolute target"));
        Assert.Equal("ok", Verdict("a zero change is refused"));
        Assert.Equal("ok", Verdict("decimal quantities"));
        Assert.Contains("ignored", Assert.Single(checks, c => c.Question.StartsWith("client-chosen order number", StringComparison.Ordinal) && c.Verdict == "info").Answer, StringComparison.Ordinal);
        Assert.DoesNotContain(checks, c => c.Verdict == "differs");
        Assert.Equal("unknown", Verdict("429 carries Retry-After"));
        Assert.Equal(15m, bed.OnHand("BAT/AA4"));
    }

    [Fact]
    public async Task A_configured_stock_mode_that_does_not_match_the_account_is_reported_as_differing()
    {
        await using var bed = await StartAsync("invoice");
        using var http = new HttpClient();

        var checks = await new RackbeatChecklist(http, bed.Options with { RequestTimeout = TimeSpan.FromSeconds(10) }, TimeProvider.System).RunAsync("MLK-1L", CancellationToken.None);

        var stock = Assert.Single(checks, c => c.Question.StartsWith("on-hand after book", StringComparison.Ordinal));
        Assert.Equal("differs", stock.Verdict);
        Assert.Contains("configured: stock on shipment", stock.Question, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_token_stops_the_checklist_at_the_first_question_with_rackbeats_answer()
    {
        await using var bed = await StartAsync();
        using var http = new HttpClient();

        var checks = await new RackbeatChecklist(http, bed.Options with { Token = "wrong", RequestTimeout = TimeSpan.FromSeconds(10) }, TimeProvider.System).RunAsync("MLK-1L", CancellationToken.None);

        var check = Assert.Single(checks);
        Assert.Equal(("differs", "Rackbeat 401: Unauthenticated."), (check.Verdict, check.Answer));
    }
}
