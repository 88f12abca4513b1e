using System.Globalization;

namespace KioskRuntime.Contract;

/// <summary>
/// The contract's timestamp: RFC 3339 with milliseconds and offset (<c>2026-11-27T09:15:02.123+01:00</c>). The same text is an input
/// to the journal's hash chain (format 1), so these bytes must never change: a stored chain would stop verifying. Thread-safe: pure.
/// </summary>
public static class ContractTime
{
    /// <summary>The .NET format string; <c>zzz</c> writes <c>+00:00</c> for UTC, never <c>Z</c>.</summary>
    public const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fffzzz";

    /// <summary>Writes <paramref name="time"/> in the contract form (sub-millisecond ticks are cut, not rounded, by the format).</summary>
    public static string Format(DateTimeOffset time) => time.ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>Reads exactly the contract form; anything else (no milliseconds, <c>Z</c>, seven digits) is false.</summary>
    public static bool TryParse(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    /// <summary>Drops sub-millisecond precision, so a time kept in memory equals the one written (and hashed).</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerMillisecond), time.Offset);
}
