using KioskRuntime.Barcodes;

namespace KioskRuntime.Barcodes.Tests;

public sealed class AimIdentifierTests
{
    [Theory]
    [InlineData("]E0", Symbology.EanUpc, '0', false)]
    [InlineData("]E3", Symbology.EanUpc, '3', false)]
    [InlineData("]E4", Symbology.EanUpc, '4', false)]
    [InlineData("]C0", Symbology.Code128, '0', false)]
    [InlineData("]C1", Symbology.Code128, '1', true)]
    [InlineData("]e0", Symbology.DataBar, '0', true)]
    [InlineData("]d1", Symbology.DataMatrix, '1', false)]
    [InlineData("]d2", Symbology.DataMatrix, '2', true)]
    [InlineData("]Q1", Symbology.QrCode, '1', false)]
    [InlineData("]Q3", Symbology.QrCode, '3', true)]
    [InlineData("]J1", Symbology.DotCode, '1', true)]
    [InlineData("]I1", Symbology.Interleaved2Of5, '1', false)]
    [InlineData("]A7", Symbology.Code39, '7', false)]
    [InlineData("]L0", Symbology.Pdf417, '0', false)]
    [InlineData("]zC", Symbology.Aztec, 'C', false)]
    [InlineData("]W0", Symbology.Unknown, '0', false)]
    public void Parses_symbology_modifier_and_gs1_flag(string text, Symbology symbology, char modifier, bool gs1)
    {
        AimIdentifier aim = AimIdentifier.Parse(text);
        Assert.Equal(symbology, aim.Symbology);
        Assert.Equal(modifier, aim.Modifier);
        Assert.Equal(gs1, aim.CarriesGs1ElementString);
        Assert.Equal(text, aim.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("]E")]
    [InlineData("E0]")]
    [InlineData("]E0x")]
    [InlineData("]0E")]
    [InlineData("]E ")]
    public void Rejects_malformed_identifiers(string text)
    {
        Assert.False(AimIdentifier.TryParse(text, out _));
        Assert.Throws<BarcodeFormatException>(() => AimIdentifier.Parse(text));
    }

    [Fact]
    public void Splits_a_prefix_sent_by_a_keyboard_wedge()
    {
        Assert.True(AimIdentifier.TrySplitPrefix("]E07038010001659", out AimIdentifier aim, out string data));
        Assert.Equal("]E0", aim.ToString());
        Assert.Equal("7038010001659", data);

        Assert.False(AimIdentifier.TrySplitPrefix("7038010001659", out _, out string unchanged));
        Assert.Equal("7038010001659", unchanged);
    }
}
