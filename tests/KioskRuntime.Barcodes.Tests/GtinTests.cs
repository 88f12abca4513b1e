using System.Text.Json;
using KioskRuntime.Barcodes;

namespace KioskRuntime.Barcodes.Tests;

public sealed class GtinTests
{
    [Fact]
    public void CheckDigit_of_the_norwegian_vector_is_9()
    {
        Assert.Equal(9, GtinCheckDigit.Compute("703801000165"));
        Assert.True(GtinCheckDigit.IsValid("7038010001659"));
        Assert.False(GtinCheckDigit.IsValid("7038010001658"));
    }

    [Theory]
    [InlineData("03600029145", 2)]   // UPC-A 036000291452
    [InlineData("9638507", 4)]       // EAN-8 96385074
    [InlineData("400638133393", 1)]  // EAN-13 4006381333931
    [InlineData("1234567890123", 1)] // GTIN-14 12345678901231
    [InlineData("10614141123456789", 7)] // GS1 US example SSCC 106141411234567897 (same algorithm)
    public void CheckDigit_matches_published_examples(string data, int expected)
        => Assert.Equal(expected, GtinCheckDigit.Compute(data));

    [Fact]
    public void CheckDigit_rejects_non_digits_with_offset()
    {
        var ex = Assert.Throws<BarcodeFormatException>(() => GtinCheckDigit.Compute("70380x"));
        Assert.Equal(5, ex.Offset);
        Assert.False(GtinCheckDigit.IsValid("70x0"));
        Assert.False(GtinCheckDigit.IsValid("0"));
        Assert.False(GtinCheckDigit.IsValid(""));
    }

    [Theory]
    [InlineData("7038010001659", "07038010001659")]
    [InlineData("07038010001659", "07038010001659")]
    [InlineData("036000291452", "00036000291452")]
    [InlineData("96385074", "00000096385074")]
    [InlineData("12345678901231", "12345678901231")]
    public void Parse_normalises_to_fourteen_digits(string input, string expected)
    {
        Gtin gtin = Gtin.Parse(input);
        Assert.Equal(expected, gtin.ToString());
        Assert.True(Gtin.TryParse(input, out Gtin again, out string? error));
        Assert.Null(error);
        Assert.Equal(gtin, again);
    }

    [Fact]
    public void Different_lengths_of_the_same_number_are_equal()
    {
        Assert.Equal(Gtin.Parse("7038010001659"), Gtin.Parse("07038010001659"));
        Assert.True(Gtin.Parse("036000291452") == Gtin.Parse("0036000291452"));
        Assert.Equal(Gtin.Parse("7038010001659").GetHashCode(), Gtin.Parse("07038010001659").GetHashCode());
    }

    [Fact]
    public void Bad_check_digit_names_actual_and_expected()
    {
        Assert.False(Gtin.TryParse("7038010001653", out _, out string? error));
        Assert.Equal("check digit 3, expected 9 (at offset 12)", error);
        var ex = Assert.Throws<BarcodeFormatException>(() => Gtin.Parse("7038010001653"));
        Assert.Equal(12, ex.Offset);
        Assert.Contains("check digit 3, expected 9", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "no digits")]
    [InlineData(null, "no digits")]
    [InlineData("123", "got 3")]
    [InlineData("70380100016591", "check digit 1, expected 0")]
    [InlineData("703801000165 ", "' ' is not a digit")]
    public void Wrong_input_is_explained(string? input, string expectedFragment)
    {
        Assert.False(Gtin.TryParse(input, out _, out string? error));
        Assert.Contains(expectedFragment, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_digit_is_reported_with_offset()
    {
        Assert.False(Gtin.TryParse("70380A0001659".AsSpan(), out _, out BarcodeParseError? error));
        Assert.Equal(5, error!.Offset);
        Assert.Contains("'A'", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Ean13_form_only_for_indicator_zero()
    {
        Assert.Equal("7038010001659", Gtin.Parse("07038010001659").ToEan13String());
        Gtin case14 = Gtin.Parse("17038010001656");
        Assert.Equal(1, case14.Indicator);
        Assert.False(case14.IsEan13Compatible);
        Assert.Throws<InvalidOperationException>(() => case14.ToEan13String());
    }

    [Fact]
    public void Ordering_is_numeric()
    {
        Gtin small = Gtin.Parse("96385074");
        Gtin large = Gtin.Parse("7038010001659");
        Assert.True(small < large);
        Assert.True(large.CompareTo(small) > 0);
        Assert.Equal(1, small.CompareTo((object?)null));
        Assert.Throws<ArgumentException>(() => small.CompareTo("x"));
        Assert.Equal([small, large], new[] { large, small }.Order());
    }

    [Fact]
    public void Json_writes_fourteen_digits_and_reads_any_gtin_length()
    {
        Gtin gtin = Gtin.Parse("7038010001659");
        Assert.Equal("\"07038010001659\"", JsonSerializer.Serialize(gtin));
        Assert.Equal(gtin, JsonSerializer.Deserialize<Gtin>("\"7038010001659\""));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Gtin>("\"7038010001653\""));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Gtin>("7038010001659"));
    }
}

public sealed class GtinParsableTests
{
    [Fact]
    public void Works_through_IParsable_for_route_binding()
    {
        Assert.Equal(Gtin.Parse("7038010001659"), ParseVia<Gtin>("07038010001659"));
        Assert.False(TryParseVia<Gtin>("7038010001653", out _));
    }

    private static T ParseVia<T>(string s) where T : IParsable<T> => T.Parse(s, null);

    private static bool TryParseVia<T>(string s, out T? value) where T : IParsable<T> => T.TryParse(s, null, out value);
}
