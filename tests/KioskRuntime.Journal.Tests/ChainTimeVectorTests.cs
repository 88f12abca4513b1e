namespace KioskRuntime.Journal.Tests;

/// <summary>
/// The timestamp is an input to the hash chain, and its format now lives in the contract home (KioskRuntime.Contract.ContractTime).
/// These fixed vectors were taken from the journal's own formatting before that move: a stored chain must verify byte for byte.
/// </summary>
public sealed class ChainTimeVectorTests
{
    public static TheoryData<DateTimeOffset, string> Times => new()
    {
        // 123.4567 ms: sub-millisecond ticks are dropped before hashing, never rounded.
        { new DateTimeOffset(2026, 11, 27, 11, 45, 0, TimeSpan.FromHours(1)).AddTicks(1_234_567), "2026-11-27T11:45:00.123+01:00" },
        { new DateTimeOffset(2026, 1, 2, 3, 4, 5, 6, TimeSpan.Zero), "2026-01-02T03:04:05.006+00:00" },
        { new DateTimeOffset(1999, 12, 31, 23, 59, 59, 999, TimeSpan.FromMinutes(-210)).AddTicks(9_999), "1999-12-31T23:59:59.999-03:30" },
    };

    [Theory]
    [MemberData(nameof(Times))]
    public void The_chain_writes_occurredAt_with_milliseconds_and_offset(DateTimeOffset at, string expected)
    {
        Assert.Equal(expected, EntryHash.FormatTime(EntryHash.Truncate(at)));
        Assert.True(EntryHash.TryParseTime(expected, out var parsed));
        Assert.Equal(EntryHash.Truncate(at), parsed);
        Assert.Equal(at.Offset, parsed.Offset);
    }

    [Fact]
    public void A_fixed_entry_hashes_to_the_same_bytes_as_before()
    {
        var at = new DateTimeOffset(2026, 11, 27, 11, 45, 0, TimeSpan.FromHours(1)).AddTicks(1_234_567);
        var hash = EntryHash.Compute("", 1, Guid.Parse("01936f0e-8c1a-7b2e-9d4f-0123456789ab"), "sale",
            EntryHash.FormatTime(EntryHash.Truncate(at)), "{\"receiptNo\":1,\"total\":\"24.90\"}");
        Assert.Equal("0127648cd63b4ebf5069fc3cdcd7df07db67a42db32166526aeb56126d57f2a2", hash);
    }

    [Fact]
    public void A_time_without_milliseconds_or_offset_is_not_the_chain_format()
    {
        Assert.False(EntryHash.TryParseTime("2026-11-27T11:45:00+01:00", out _));
        Assert.False(EntryHash.TryParseTime("2026-11-27T11:45:00.123Z", out _));
        Assert.False(EntryHash.TryParseTime("2026-11-27T11:45:00.1234567+01:00", out _));
    }
}
