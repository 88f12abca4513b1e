using KioskRuntime.Barcodes;
using KioskRuntime.Barcodes.Gs1;

namespace KioskRuntime.Barcodes.Tests;

public sealed class Gs1DateTests
{
    [Theory]
    [InlineData(27, 1, 31, 2026, 2027)] // near future
    [InlineData(75, 6, 1, 2026, 2075)]  // 49 ahead: this century
    [InlineData(76, 6, 1, 2026, 2076)]  // 50 ahead: this century
    [InlineData(77, 6, 1, 2026, 1977)]  // 51 ahead: previous century
    [InlineData(20, 6, 1, 2080, 2120)]  // 60 behind: next century
    [InlineData(31, 6, 1, 2080, 2031)]  // 49 behind: this century
    public void Century_follows_the_gs1_sliding_window(int yy, int month, int day, int todayYear, int expectedYear)
    {
        DateOnly resolved = new Gs1Date(yy, month, day).ToDateOnly(new DateOnly(todayYear, 11, 27));
        Assert.Equal(new DateOnly(expectedYear, month, day), resolved);
    }

    [Theory]
    [InlineData(28, 2, 29)] // leap year
    [InlineData(27, 2, 28)]
    [InlineData(27, 4, 30)]
    [InlineData(27, 12, 31)]
    public void Day_zero_is_the_last_day_of_the_month(int yy, int month, int lastDay)
    {
        var date = new Gs1Date(yy, month, 0);
        Assert.True(date.IsEndOfMonth);
        Assert.Equal(new DateOnly(2000 + yy, month, lastDay), date.ToDateOnly(new DateOnly(2026, 11, 27)));
    }

    [Fact]
    public void Resolves_against_an_injected_time_provider()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.FromHours(1)));
        Assert.Equal(new DateOnly(2027, 1, 31), new Gs1Date(27, 1, 31).ToDateOnly(clock));
    }

    [Fact]
    public void Prints_as_encoded() => Assert.Equal("270100", new Gs1Date(27, 1, 0).ToString());

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.CreateCustomTimeZone("test", now.Offset, "test", "test");
    }
}
