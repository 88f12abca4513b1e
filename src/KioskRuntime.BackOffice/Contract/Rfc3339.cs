using System.Globalization;
using System.Text;

namespace KioskRuntime.BackOffice.Contract;

/// <summary>
/// The contract's timestamps: RFC 3339 date-time with an explicit offset, <c>yyyy-MM-ddTHH:mm:ss[.f{1,7}](Z|±hh:mm)</c>
/// (<c>T</c> and <c>Z</c> in either case, as RFC 3339 section 5.6 allows). One parser, over UTF-8, computing the value
/// directly: every field in its calendar range (no leap second, no 24:00), an offset of at most 14 hours, and the instant
/// inside <see cref="DateTimeOffset"/>'s range. Nothing else is accepted: no white space, no missing offset.
/// </summary>
internal static class Rfc3339
{
    private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

    /// <summary>Parses a timestamp given as text (see <see cref="TryParse(ReadOnlySpan{byte}, out DateTimeOffset)"/>).</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        return text is not null && TryParse(Encoding.UTF8.GetBytes(text), out value);
    }

    /// <summary>Parses a timestamp given as UTF-8; false for anything that is not exactly the grammar above.</summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out DateTimeOffset value)
    {
        value = default;

        // yyyy-MM-ddTHH:mm:ss is 19 bytes; then .f{1,7} or nothing; then Z or ±hh:mm.
        if (s.Length < 20
            || !TryDigits(s, 0, 4, out var year) || s[4] != '-' || !TryDigits(s, 5, 2, out var month) || s[7] != '-'
            || !TryDigits(s, 8, 2, out var day) || (s[10] | 0x20) != 't'
            || !TryDigits(s, 11, 2, out var hour) || s[13] != ':' || !TryDigits(s, 14, 2, out var minute) || s[16] != ':'
            || !TryDigits(s, 17, 2, out var second))
        {
            return false;
        }

        var i = 19;
        long fractionTicks = 0;
        if (s[i] == '.')
        {
            var start = ++i;
            while (i < s.Length && char.IsAsciiDigit((char)s[i]))
            {
                i++;
            }

            if (i - start is < 1 or > 7)
            {
                return false;
            }

            TryDigits(s, start, i - start, out var fraction);
            for (var digits = i - start; digits < 7; digits++)
            {
                fraction *= 10; // to 100 ns ticks
            }

            fractionTicks = fraction;
        }

        TimeSpan offset;
        if (i + 1 == s.Length && (s[i] | 0x20) == 'z')
        {
            offset = TimeSpan.Zero;
        }
        else if (i + 6 == s.Length && s[i] is (byte)'+' or (byte)'-' && TryDigits(s, i + 1, 2, out var offsetHours)
                 && s[i + 3] == ':' && TryDigits(s, i + 4, 2, out var offsetMinutes) && offsetMinutes <= 59)
        {
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (offset > MaxOffset)
            {
                return false;
            }

            offset = s[i] == '-' ? -offset : offset;
        }
        else
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        // The local time must be representable, and so must the instant it names (0001-01-01T00:00:00+01:00 is not).
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fractionTicks;
        var utc = local - offset.Ticks;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(local, offset);
        return true;
    }

    /// <summary>How the back office writes a timestamp: milliseconds and the offset, e.g. <c>2026-11-27T08:15:02.123+00:00</c>.</summary>
    public static string Format(DateTimeOffset value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static bool TryDigits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = s[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}
