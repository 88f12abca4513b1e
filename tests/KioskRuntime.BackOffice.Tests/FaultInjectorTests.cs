using KioskRuntime.BackOffice.Faults;

namespace KioskRuntime.BackOffice.Tests;

public sealed class FaultInjectorTests
{
    private static FaultRule Rule(double probability, int? count = null, int? seed = null, string match = "POST /v1/kiosks/*/events") =>
        new(match, FaultKind.Reset, null, null, null, probability, count, seed);

    private static List<bool> Hits(FaultInjector injector, int requests) =>
        Enumerable.Range(0, requests).Select(_ => injector.Pick("POST", "/v1/kiosks/k1/events") is not null).ToList();

    [Fact]
    public void Same_seed_gives_the_same_hits()
    {
        var a = new FaultInjector();
        var b = new FaultInjector();
        a.Replace([Rule(0.5, seed: 42)]);
        b.Replace([Rule(0.5, seed: 42)]);

        var hitsA = Hits(a, 200);

        Assert.Equal(hitsA, Hits(b, 200));
        Assert.InRange(hitsA.Count(h => h), 1, 199); // a coin, not a constant
    }

    [Fact]
    public void Count_limits_how_often_a_rule_fires()
    {
        var injector = new FaultInjector();
        injector.Replace([Rule(1.0, count: 3)]);

        Assert.Equal([true, true, true, false, false], Hits(injector, 5));
        Assert.Equal(0, injector.List().Single().Remaining);
    }

    [Fact]
    public void Probability_zero_never_fires()
    {
        var injector = new FaultInjector();
        injector.Replace([Rule(0.0, seed: 1)]);

        Assert.DoesNotContain(true, Hits(injector, 100));
    }

    [Fact]
    public void Clear_removes_every_rule()
    {
        var injector = new FaultInjector();
        injector.Replace([Rule(1.0)]);

        injector.Clear();

        Assert.Null(injector.Pick("POST", "/v1/kiosks/k1/events"));
    }

    [Theory]
    [InlineData("POST /v1/kiosks/*/events", "POST", "/v1/kiosks/k1/events", true)]
    [InlineData("POST /v1/kiosks/*/events", "post", "/v1/kiosks/k1/events", true)]
    [InlineData("POST /v1/kiosks/*/events", "GET", "/v1/kiosks/k1/events", false)]
    [InlineData("POST /v1/kiosks/*/events", "POST", "/v1/kiosks/a/b/events", false)]
    [InlineData("* /v1/**", "GET", "/v1/kiosks/k1/catalog", true)]
    [InlineData("GET /v1/kiosks/k?/cursor", "GET", "/v1/kiosks/k1/cursor", false)] // '?' is literal, not a wildcard
    public void Match_is_method_plus_path_glob(string match, string method, string path, bool expected)
    {
        Assert.True(FaultMatcher.TryCreate(match, out var matcher, out _));

        Assert.Equal(expected, matcher.IsMatch(method, path));
    }
}
