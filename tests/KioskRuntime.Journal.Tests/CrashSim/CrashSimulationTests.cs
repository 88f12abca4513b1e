namespace KioskRuntime.Journal.Tests.CrashSim;

/// <summary>
/// Power-cut proofs. Each test runs 600 crash points (2,400 in all per CI run; <c>KIOSK_CRASH_POINTS=N</c> for longer runs); a crash
/// point is a random mutating operation (write, sync, truncate) of a run of sales, after which a random, possibly torn, subset of
/// the unsynced sectors survives.
/// </summary>
public sealed class CrashSimulationTests
{
    internal static readonly int CrashPoints =
        int.TryParse(Environment.GetEnvironmentVariable("KIOSK_CRASH_POINTS"), out var points) && points > 0 ? points : 600;

    [Theory]
    [InlineData(512, 11)]
    [InlineData(4096, 12)]
    public void Journal_keeps_every_acknowledged_sale_through_any_power_cut(int sectorSize, int seed) =>
        AssertNoViolations(CrashHarness.Run(fs => new JournalSubject(fs), CrashPoints, seed, sectorSize));

    internal static void AssertNoViolations(List<string> violations) =>
        Assert.True(violations.Count == 0, $"{violations.Count} of {CrashPoints} crash points violated the invariants:\n" + string.Join("\n", violations.Take(10)));

    [Fact]
    public void The_harness_catches_plain_LiteDB_losing_acknowledged_commits()
    {
        var violations = CrashHarness.Run(fs => new PlainLiteDbSubject(fs), crashPoints: 100, seed: 7, sectorSize: 4096);
        Assert.NotEmpty(violations);
        Assert.Contains(violations, v => v.Contains("lost", StringComparison.Ordinal));
    }
}

/// <summary>The same proof with 4 concurrent producers, so crash points fall inside group commits (a separate class: runs in parallel).</summary>
public sealed class GroupCommitCrashSimulationTests
{
    [Theory]
    [InlineData(512, 13)]
    [InlineData(4096, 14)]
    public void Group_commits_keep_every_acknowledged_sale_through_any_power_cut(int sectorSize, int seed) =>
        CrashSimulationTests.AssertNoViolations(CrashHarness.Run(fs => new JournalSubject(fs), CrashSimulationTests.CrashPoints, seed, sectorSize, producers: 4));
}
