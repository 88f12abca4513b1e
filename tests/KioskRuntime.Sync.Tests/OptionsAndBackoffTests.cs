using KioskRuntime.Sync.Replay;

namespace KioskRuntime.Sync.Tests;

public sealed class OptionsAndBackoffTests
{
    private static UpstreamOptions Good => new() { BaseUrl = new Uri("https://bo.example.no/api/"), Token = "t0k3n", KioskId = "oslo-sentrum-1" };

    [Fact]
    public void Good_options_have_no_problems() => Assert.Empty(Good.Validate());

    [Theory]
    [InlineData("http://bo.example.no/", "t", "k1", "plain http is allowed on loopback only")]
    [InlineData("ftp://127.0.0.1/", "t", "k1", "scheme must be https")]
    [InlineData("https://bo.example.no/", "", "k1", "Token: missing")]
    [InlineData("https://bo.example.no/", "abc\n", "k1", "Token: contains whitespace")]
    [InlineData("https://bo.example.no/", "t", "Kiosk_1", "KioskId: \"Kiosk_1\" must match")]
    [InlineData("https://bo.example.no/", "t", "-k", "KioskId")]
    public void Bad_options_name_the_setting(string url, string token, string kiosk, string expected)
    {
        var options = new UpstreamOptions { BaseUrl = new Uri(url), Token = token, KioskId = kiosk };

        var problems = options.Validate();

        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Numbers_out_of_range_are_each_reported()
    {
        var options = Good with { MaxBatch = 501, RequestTimeout = TimeSpan.Zero, BackoffBase = TimeSpan.FromSeconds(10), BackoffCap = TimeSpan.FromSeconds(1), CatalogInterval = TimeSpan.Zero };

        var problems = options.Validate();

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("MaxBatch", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("RequestTimeout", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BackoffCap", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("CatalogInterval", StringComparison.Ordinal));
    }

    [Fact]
    public void Plain_http_on_loopback_is_allowed() =>
        Assert.Empty((Good with { BaseUrl = new Uri("http://127.0.0.1:5080/") }).Validate());

    [Fact]
    public void Contract_paths_resolve_below_a_base_with_a_path()
    {
        Assert.Equal("https://bo.example.no/api/v1/kiosks/oslo-sentrum-1/events", Good.EventsUri.AbsoluteUri);
        Assert.Equal("https://bo.example.no/api/v1/kiosks/oslo-sentrum-1/cursor", (Good with { BaseUrl = new Uri("https://bo.example.no/api") }).CursorUri.AbsoluteUri);
        Assert.Equal("https://bo.example.no/api/v1/kiosks/oslo-sentrum-1/stock?gtin=07038010001659", Good.StockUri("07038010001659").AbsoluteUri);
    }

    [Fact]
    public void Backoff_ceiling_doubles_up_to_the_cap_and_resets()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30), () => 1.0);

        var waits = Enumerable.Range(0, 10).Select(_ => backoff.Next()).ToList();

        Assert.Equal(TimeSpan.FromMilliseconds(250), waits[0]);
        Assert.Equal(TimeSpan.FromMilliseconds(500), waits[1]);
        Assert.Equal(TimeSpan.FromSeconds(16), waits[6]);
        Assert.Equal(TimeSpan.FromSeconds(30), waits[7]);
        Assert.Equal(TimeSpan.FromSeconds(30), waits[9]);
        backoff.Reset();
        Assert.Equal(TimeSpan.FromMilliseconds(250), backoff.Next());
    }

    [Fact]
    public void Backoff_is_full_jitter_between_zero_and_the_ceiling()
    {
        var draws = new Queue<double>([0.0, 0.5, 0.25]);
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), draws.Dequeue);

        Assert.Equal(TimeSpan.Zero, backoff.Next());
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Next());
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Next());
    }

    [Fact]
    public void Backoff_never_overflows_after_many_failures()
    {
        var backoff = new Backoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30), () => 1.0);
        for (var i = 0; i < 1000; i++)
        {
            backoff.Next();
        }

        Assert.Equal(TimeSpan.FromSeconds(30), backoff.Next());
    }
}
