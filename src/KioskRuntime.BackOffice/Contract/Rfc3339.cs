using System.Globalization;
using System.Text.RegularExpressions;

namespace KioskRuntime.BackOffice.Contract;

/// <summary>RFC 3339 timestamps with an explicit offset (<c>Z</c> or <c>±hh:mm</c>).</summary>
internal static partial class Rfc3339
{
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        return text is not null
               && Pattern().IsMatch(text)
               && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    /// <summary>
    /// <see cref="TryParse(string?, out DateTimeOffset)"/> over UTF-8 text: a text that matches the pattern exactly (no trailing
    /// newline) goes to the same <c>DateTimeOffset.TryParse</c> without a string; anything else is decided by the string version.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out DateTimeOffset value)
    {
        if (!MatchesExactly(utf8))
        {
            return TryParse(System.Text.Encoding.UTF8.GetString(utf8), out value);
        }

        if (TryParseCommon(utf8, out value))
        {
            return true;
        }

        Span<char> chars = stackalloc char[utf8.Length];
        for (var i = 0; i < utf8.Length; i++)
        {
            chars[i] = (char)utf8[i];
        }

        return DateTimeOffset.TryParse(chars, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    public static string Format(DateTimeOffset value) =>
        value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    /// <summary>
    /// The usual shape, computed directly: upper-case <c>T</c>, year 1900-9000, every field in its calendar range, seconds
    /// below 60, an offset below 14 hours (so that nothing is near a limit of <see cref="DateTimeOffset"/>). Gives the value
    /// <c>DateTimeOffset.TryParse</c> gives; false for anything else, which then goes there.
    /// </summary>
    private static bool TryParseCommon(ReadOnlySpan<byte> s, out DateTimeOffset value)
    {
        value = default;
        if (s[10] != 'T')
        {
            return false;
        }

        var year = Number(s, 0, 4);
        var month = Number(s, 5, 2);
        var day = Number(s, 8, 2);
        var hour = Number(s, 11, 2);
        var minute = Number(s, 14, 2);
        var second = Number(s, 17, 2);
        if (year is < 1900 or > 9000 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        long fractionTicks = 0;
        var i = 19;
        if (s[i] == '.')
        {
            var digits = 0;
            for (i++; char.IsAsciiDigit((char)s[i]); i++, digits++)
            {
                fractionTicks = (fractionTicks * 10) + (s[i] - '0');
            }

            for (; digits < 7; digits++)
            {
                fractionTicks *= 10;
            }
        }

        TimeSpan offset;
        if (s[i] == 'Z')
        {
            offset = TimeSpan.Zero;
        }
        else if (s[i] is (byte)'+' or (byte)'-')
        {
            var offsetHours = Number(s, i + 1, 2);
            var offsetMinutes = Number(s, i + 4, 2);
            if (offsetHours > 13 || offsetMinutes > 59)
            {
                return false;
            }

            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (s[i] == '-')
            {
                offset = -offset;
            }
        }
        else
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(fractionTicks);
        return true;
    }

    private static int Number(ReadOnlySpan<byte> s, int start, int count)
    {
        var n = 0;
        for (var i = start; i < start + count; i++)
        {
            n = (n * 10) + (s[i] - '0');
        }

        return n;
    }

    // The pattern below, by hand over ASCII bytes, without the trailing newline that "$" also allows.
    private static bool MatchesExactly(ReadOnlySpan<byte> s)
    {
        // yyyy-MM-ddTHH:mm:ss is 19 bytes; then optional .f{1,7}; then Z or ±hh:mm.
        if (s.Length < 20 || !Digits(s, 0, 4) || s[4] != '-' || !Digits(s, 5, 2) || s[7] != '-' || !Digits(s, 8, 2)
            || (s[10] | 0x20) != 't' || !Digits(s, 11, 2) || s[13] != ':' || !Digits(s, 14, 2) || s[16] != ':' || !Digits(s, 17, 2))
        {
            return false;
        }

        var i = 19;
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
        }

        if (i < s.Length && (s[i] | 0x20) == 'z')
        {
            return i + 1 == s.Length;
        }

        return i + 6 == s.Length && (s[i] == '+' || s[i] == '-') && Digits(s, i + 1, 2) && s[i + 3] == ':' && Digits(s, i + 4, 2);
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit((char)s[i]))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?([Zz]|[+-][0-9]{2}:[0-9]{2})$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
