using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using KioskRuntime.BackOffice.Contract;

namespace KioskRuntime.BackOffice.Tests;

/// <summary>
/// The contract's grammars (one parser each in Contract/): hand-written vectors with the values worked out by hand, and
/// generated texts checked against a reference built here from the BCL (a regular expression for the shape, then
/// DateTimeOffset / decimal parsing for the value), which the product does not use.
/// </summary>
public sealed class GrammarTests
{
    public static TheoryData<string, DateTimeOffset> ValidTimestamps => new()
    {
        { "2026-11-27T09:15:02.123+01:00", new DateTimeOffset(2026, 11, 27, 9, 15, 2, 123, TimeSpan.FromHours(1)) },
        { "2026-11-27T08:15:02Z", new DateTimeOffset(2026, 11, 27, 8, 15, 2, TimeSpan.Zero) },
        { "2026-11-27t08:15:02z", new DateTimeOffset(2026, 11, 27, 8, 15, 2, TimeSpan.Zero) }, // RFC 3339 5.6: either case
        { "2024-02-29T12:00:00.5Z", new DateTimeOffset(2024, 2, 29, 12, 0, 0, 500, TimeSpan.Zero) },
        { "2026-11-27T09:15:02.1234567+05:30", new DateTimeOffset(2026, 11, 27, 9, 15, 2, TimeSpan.FromMinutes(330)).AddTicks(1_234_567) },
        { "2026-11-27T23:59:59.9999999-13:59", new DateTimeOffset(2026, 11, 27, 23, 59, 59, -TimeSpan.FromMinutes(839)).AddTicks(9_999_999) },
        { "2026-11-27T09:15:02+14:00", new DateTimeOffset(2026, 11, 27, 9, 15, 2, TimeSpan.FromHours(14)) },
        { "2026-11-27T09:15:02-14:00", new DateTimeOffset(2026, 11, 27, 9, 15, 2, TimeSpan.FromHours(-14)) },
        { "2026-11-27T09:15:02-00:00", new DateTimeOffset(2026, 11, 27, 9, 15, 2, TimeSpan.Zero) },
        { "0001-01-01T00:00:00Z", DateTimeOffset.MinValue },
        { "9999-12-31T23:59:59.9999999Z", DateTimeOffset.MaxValue },
    };

    [Theory]
    [MemberData(nameof(ValidTimestamps))]
    public void Rfc3339_timestamps_read_to_their_instant_and_offset(string text, DateTimeOffset expected)
    {
        Assert.True(Rfc3339.TryParse(Encoding.UTF8.GetBytes(text), out var value));
        Assert.Equal(expected.UtcTicks, value.UtcTicks);
        Assert.Equal(expected.Offset, value.Offset);
        Assert.True(Rfc3339.TryParse(text, out var fromString));
        Assert.Equal(value.UtcTicks, fromString.UtcTicks);
    }

    [Theory]
    [InlineData("2026-11-27T09:15:02")] // no offset
    [InlineData("2026-11-27 09:15:02+01:00")]
    [InlineData("2026-11-27T09:15:02Z\n")]
    [InlineData(" 2026-11-27T09:15:02Z")]
    [InlineData("2026-11-27T09:15:02Z ")]
    [InlineData("2026-11-27T09:15:02+0100")]
    [InlineData("2026-11-27T09:15:02+01:00:00")]
    [InlineData("2026-11-27T09:15:02.Z")]
    [InlineData("2026-11-27T09:15:02.12345678Z")] // 8 fraction digits
    [InlineData("2026-13-27T09:15:02Z")]
    [InlineData("2026-00-27T09:15:02Z")]
    [InlineData("2026-02-29T09:15:02Z")] // not a leap year
    [InlineData("2026-11-31T09:15:02Z")]
    [InlineData("2026-11-00T09:15:02Z")]
    [InlineData("2026-11-27T24:00:00Z")]
    [InlineData("2026-11-27T09:60:02Z")]
    [InlineData("2026-11-27T09:15:60Z")] // no leap second
    [InlineData("2026-11-27T09:15:02+14:01")]
    [InlineData("2026-11-27T09:15:02+13:60")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00+01:00")] // before the first instant .NET holds
    [InlineData("9999-12-31T23:59:59-00:01")] // after the last
    [InlineData("2026-1-27T09:15:02Z")]
    [InlineData("２０２６-11-27T09:15:02Z")]
    [InlineData("2026-11-27X09:15:02Z")]
    [InlineData("")]
    public void Anything_else_is_not_a_timestamp(string text)
    {
        Assert.False(Rfc3339.TryParse(Encoding.UTF8.GetBytes(text), out _));
        Assert.False(Rfc3339.TryParse(text, out _));
    }

    [Fact]
    public void Timestamps_are_written_with_milliseconds_and_offset()
    {
        Assert.Equal("2026-11-27T09:15:02.123+01:00", Rfc3339.Format(new DateTimeOffset(2026, 11, 27, 9, 15, 2, 123, TimeSpan.FromHours(1))));
    }

    // text, then the value as money, as a quantity, as a signed delta ("x" = refused); values are written with their scale.
    [Theory]
    [InlineData("24.90", "24.90", "24.90", "24.90")]
    [InlineData("-24.90", "-24.90", "x", "-24.90")]
    [InlineData("24.9", "x", "24.9", "24.9")]
    [InlineData("24", "x", "24", "24")]
    [InlineData("+12", "x", "x", "12")]
    [InlineData("-3", "x", "x", "-3")]
    [InlineData("0.532", "x", "0.532", "0.532")]
    [InlineData("007.50", "7.50", "7.50", "7.50")]
    [InlineData("1.000000", "x", "1.000000", "1.000000")]
    [InlineData("123456789012345.12", "123456789012345.12", "123456789012345.12", "123456789012345.12")]
    [InlineData("123456789012345.123456", "x", "123456789012345.123456", "123456789012345.123456")]
    [InlineData("-123456789012345.123456", "x", "x", "-123456789012345.123456")]
    [InlineData("1234567890123456", "x", "x", "x")] // 16 digits before the point
    [InlineData("1.1234567", "x", "x", "x")] // 7 after it
    [InlineData("24,90", "x", "x", "x")]
    [InlineData(" 24.90", "x", "x", "x")]
    [InlineData("24.90 ", "x", "x", "x")]
    [InlineData("24.90\n", "x", "x", "x")]
    [InlineData("1e3", "x", "x", "x")]
    [InlineData(".50", "x", "x", "x")]
    [InlineData("5.", "x", "x", "x")]
    [InlineData("+-1", "x", "x", "x")]
    [InlineData("-", "x", "x", "x")]
    [InlineData("٣", "x", "x", "x")]
    [InlineData("", "x", "x", "x")]
    public void Decimal_strings_read_with_their_digits_and_scale(string text, string money, string quantity, string signed)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        AssertDecimal(money, DecimalText.TryParseMoney(utf8, out var m), m);
        AssertDecimal(quantity, DecimalText.TryParseQuantity(utf8, out var q), q);
        AssertDecimal(signed, DecimalText.TryParseSigned(utf8, out var s), s);
        AssertDecimal(money, DecimalText.TryParseMoney(text, out m), m);
        AssertDecimal(signed, DecimalText.TryParseSigned(text, out s), s);
    }

    [Fact]
    public void A_negative_zero_keeps_its_sign_and_scale()
    {
        Assert.True(DecimalText.TryParseMoney("-0.00"u8, out var money));
        Assert.Equal(decimal.GetBits(new decimal(0, 0, 0, isNegative: true, scale: 2)), decimal.GetBits(money));
        Assert.True(DecimalText.TryParseSigned("-0"u8, out var delta));
        Assert.Equal(decimal.GetBits(new decimal(0, 0, 0, isNegative: true, scale: 0)), decimal.GetBits(delta));
        Assert.False(DecimalText.TryParseQuantity("-0"u8, out _));
    }

    [Theory]
    [InlineData("07038010001659", null)]
    [InlineData("00012345600012", null)]
    [InlineData("10012345678902", null)]
    [InlineData("00000000000000", null)]
    [InlineData("99999999999997", null)]
    [InlineData("07038010001658", "GTIN 07038010001658 has check digit 8, expected 9")]
    [InlineData("10012345678900", "GTIN 10012345678900 has check digit 0, expected 2")]
    [InlineData("7038010001659", "GTIN must be 14 digits, got \"7038010001659\"")]
    [InlineData("007038010001659", "GTIN must be 14 digits, got \"007038010001659\"")]
    [InlineData("0703801000165x", "GTIN has a non-digit at position 13: \"0703801000165x\"")]
    [InlineData("0703801000165é", "GTIN has a non-digit at position 13: \"0703801000165é\"")] // 15 bytes of UTF-8, 14 characters
    [InlineData(" 7038010001659", "GTIN has a non-digit at position 0: \" 7038010001659\"")]
    [InlineData("", "GTIN must be 14 digits, got \"\"")]
    public void Gtin14_needs_14_digits_and_the_gs1_check_digit(string text, string? error)
    {
        Assert.Equal(error is null, Gtin.TryParse(Encoding.UTF8.GetBytes(text), out var fromUtf8, out var utf8Error));
        Assert.Equal(error, utf8Error);
        Assert.Equal(error is null, Gtin.TryParse(text, out var fromString, out var stringError));
        Assert.Equal(error, stringError);
        Assert.Equal(error is null ? text : null, fromUtf8?.Value);
        Assert.Equal(fromUtf8, fromString);
    }

    [Fact]
    public void No_gtin_at_all_says_so()
    {
        Assert.False(Gtin.TryParse((string?)null, out _, out var error));
        Assert.Equal("GTIN must be 14 digits, got nothing", error);
    }

    [Fact]
    public void Generated_texts_read_as_the_bcl_reference_reads_them()
    {
        var random = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            var fraction = random.Next(9) is var digits and > 0 ? "." + random.NextInt64(100_000_000).ToString("D8", CultureInfo.InvariantCulture)[..digits] : "";
            var zone = random.Next(5) switch
            {
                0 => random.Next(2) == 0 ? "Z" : "z",
                1 => "",
                _ => string.Create(CultureInfo.InvariantCulture, $"{(random.Next(2) == 0 ? '+' : '-')}{random.Next(16):D2}:{random.Next(61):D2}"),
            };
            var text = string.Create(CultureInfo.InvariantCulture,
                $"{(random.Next(20) == 0 ? random.Next(0, 3) : random.Next(1899, 10000)):D4}-{random.Next(14):D2}-{random.Next(33):D2}{(random.Next(8) == 0 ? 't' : 'T')}{random.Next(25):D2}:{random.Next(61):D2}:{random.Next(61):D2}{fraction}{zone}");
            var expectedOk = ReferenceTimestamp(text, out var expected);
            Assert.True(expectedOk == Rfc3339.TryParse(Encoding.UTF8.GetBytes(text), out var actual), text);
            Assert.True(expected.UtcTicks == actual.UtcTicks && expected.Offset == actual.Offset, text);

            var number = random.Next(6) switch
            {
                0 => "-",
                1 => "+",
                _ => "",
            } + random.NextInt64(long.MaxValue).ToString("D19", CultureInfo.InvariantCulture)[..random.Next(1, 19)].TrimStart(random.Next(2) == 0 ? '0' : 'x')
              + (random.Next(3) == 0 ? "" : "." + random.NextInt64(10_000_000).ToString("D7", CultureInfo.InvariantCulture)[..random.Next(0, 8)]);
            var utf8 = Encoding.UTF8.GetBytes(number);
            AssertSame(ReferenceDecimal(number, @"^-?[0-9]{1,15}\.[0-9]{2}\z", out var m), DecimalText.TryParseMoney(utf8, out var m2), m, m2, number);
            AssertSame(ReferenceDecimal(number, @"^[0-9]{1,15}(\.[0-9]{1,6})?\z", out var q), DecimalText.TryParseQuantity(utf8, out var q2), q, q2, number);
            AssertSame(ReferenceDecimal(number, @"^[-+]?[0-9]{1,15}(\.[0-9]{1,6})?\z", out var s), DecimalText.TryParseSigned(utf8, out var s2), s, s2, number);

            var gtin = random.NextInt64(100_000_000_000_000).ToString("D14", CultureInfo.InvariantCulture);
            Assert.True(ReferenceGtin(gtin) == Gtin.TryParse(Encoding.UTF8.GetBytes(gtin), out _, out _), gtin);
        }
    }

    private static void AssertDecimal(string expected, bool ok, decimal value)
    {
        Assert.Equal(expected != "x", ok);
        if (ok)
        {
            Assert.Equal(decimal.GetBits(decimal.Parse(expected, CultureInfo.InvariantCulture)), decimal.GetBits(value));
        }
    }

    private static void AssertSame(bool expectedOk, bool ok, decimal expected, decimal value, string text)
    {
        Assert.True(expectedOk == ok, text);
        Assert.True(decimal.GetBits(expected).SequenceEqual(decimal.GetBits(value)), text);
    }

    // RFC 3339's date-time with a required offset, then .NET's own parser for the value (it checks the calendar and range).
    private static bool ReferenceTimestamp(string text, out DateTimeOffset value)
    {
        value = default;
        return Regex.IsMatch(text, @"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?([Zz]|[+-][0-9]{2}:[0-9]{2})\z", RegexOptions.CultureInvariant)
               && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    private static bool ReferenceDecimal(string text, string pattern, out decimal value)
    {
        value = 0m;
        return Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant)
               && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    // GS1 General Specifications 7.9.1: multiply the digits by 3, 1, 3, … from the right (check digit excluded), round the
    // sum up to a multiple of ten; the difference is the check digit.
    private static bool ReferenceGtin(string digits)
    {
        var sum = digits[..13].Reverse().Select((c, i) => (c - '0') * (i % 2 == 0 ? 3 : 1)).Sum();
        var roundedUp = (sum + 9) / 10 * 10;
        return digits[13] - '0' == roundedUp - sum;
    }
}
