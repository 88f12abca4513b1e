namespace KioskRuntime.Contract.Tests;

/// <summary>The timestamp is an input to the journal's hash chain: these bytes are a format and must not change.</summary>
public sealed class ContractTimeTests
{
    [Fact]
    public void The_pattern_is_the_one_the_chain_was_built_with()
    {
        Assert.Equal("yyyy-MM-dd'T'HH:mm:ss.fffzzz", ContractTime.Pattern);
    }

    [Theory]
    [InlineData(2026, 11, 27, 9, 15, 2, 123, 60, "2026-11-27T09:15:02.123+01:00")]
    [InlineData(2026, 1, 2, 3, 4, 5, 6, 0, "2026-01-02T03:04:05.006+00:00")]
    [InlineData(1999, 12, 31, 23, 59, 59, 999, -210, "1999-12-31T23:59:59.999-03:30")]
    public void Writes_milliseconds_and_the_offset(int y, int mo, int d, int h, int mi, int s, int ms, int offsetMinutes, string expected)
    {
        var at = new DateTimeOffset(y, mo, d, h, mi, s, ms, TimeSpan.FromMinutes(offsetMinutes)).AddTicks(9_999);
        Assert.Equal(expected, ContractTime.Format(at));
        Assert.Equal(expected, ContractTime.Format(ContractTime.Truncate(at)));
        Assert.True(ContractTime.TryParse(expected, out var back));
        Assert.Equal(ContractTime.Truncate(at), back);
        Assert.Equal(0, back.Ticks % TimeSpan.TicksPerMillisecond);
    }

    [Theory]
    [InlineData("2026-11-27T09:15:02+01:00")]
    [InlineData("2026-11-27T09:15:02.123Z")]
    [InlineData("2026-11-27T09:15:02.1234567+01:00")]
    [InlineData("2026-11-27 09:15:02.123+01:00")]
    [InlineData("")]
    [InlineData(null)]
    public void Reads_only_the_exact_form(string? text)
    {
        Assert.False(ContractTime.TryParse(text, out _));
    }
}
