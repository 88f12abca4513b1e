using KioskRuntime.Barcodes;

namespace KioskRuntime.Barcodes.Tests;

public sealed class UpcTests
{
    [Theory]
    [InlineData("04252614", "042100005264")] // d6 = 1
    [InlineData("01234505", "012000003455")] // d6 = 0
    [InlineData("01234531", "012300000451")] // d6 = 3
    [InlineData("01234543", "012340000053")] // d6 = 4
    [InlineData("01234565", "012345000065")] // d6 = 5..9
    [InlineData("11234562", "112345000062")] // number system 1
    public void ExpandUpcE_gives_the_upc_a(string upcE, string upcA)
    {
        Gtin gtin = Upc.ExpandUpcE(upcE);
        Assert.Equal("00" + upcA, gtin.ToString());
        Assert.True(GtinCheckDigit.IsValid(upcA));
    }

    [Fact]
    public void ExpandUpcE_rejects_number_system_other_than_0_or_1()
    {
        var ex = Assert.Throws<BarcodeFormatException>(() => Upc.ExpandUpcE("21234565"));
        Assert.Equal(0, ex.Offset);
        Assert.Contains("number system", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpandUpcE_checks_the_expanded_check_digit()
    {
        Assert.False(Upc.TryExpandUpcE("04252615", out _, out BarcodeParseError? error));
        Assert.Equal("check digit 5, expected 4", error!.Reason);
        Assert.Equal(7, error.Offset);
    }

    [Theory]
    [InlineData("0425261")]
    [InlineData("042526144")]
    [InlineData("0425X614")]
    public void ExpandUpcE_rejects_malformed_input(string input)
        => Assert.Throws<BarcodeFormatException>(() => Upc.ExpandUpcE(input));
}
