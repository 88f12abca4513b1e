using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos;
using KioskRuntime.Printing.EscPos.Imaging;

namespace KioskRuntime.Printing.Tests;

public sealed class ImagingTests
{
    private static GrayImage Flat(int w, int h, byte value) => new(w, h, Enumerable.Repeat(value, w * h).ToArray());

    private static int Black(MonoImage image)
    {
        var count = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                count += image.IsBlack(x, y) ? 1 : 0;
            }
        }

        return count;
    }

    [Theory]
    [InlineData(DitherMode.FloydSteinberg)]
    [InlineData(DitherMode.Ordered)]
    public void Mid_gray_dithers_to_about_half_black_and_extremes_stay_solid(DitherMode mode)
    {
        Assert.InRange(Black(MonoImage.FromGray(Flat(64, 64, 128), mode)), 64 * 64 * 45 / 100, 64 * 64 * 55 / 100);
        Assert.Equal(64 * 64, Black(MonoImage.FromGray(Flat(64, 64, 0), mode)));
        Assert.Equal(0, Black(MonoImage.FromGray(Flat(64, 64, 255), mode)));
    }

    [Fact]
    public void Threshold_splits_at_mid_gray()
    {
        Assert.Equal(0, Black(MonoImage.FromGray(Flat(10, 3, 128), DitherMode.Threshold)));
        Assert.Equal(30, Black(MonoImage.FromGray(Flat(10, 3, 127), DitherMode.Threshold)));
    }

    [Fact]
    public void Scaling_keeps_the_aspect_ratio_and_averages()
    {
        var pixels = new byte[4 * 2];
        pixels[0] = pixels[1] = pixels[4] = pixels[5] = 0; // left 2x2 black
        pixels[2] = pixels[3] = pixels[6] = pixels[7] = 255;
        var scaled = new GrayImage(4, 2, pixels).ScaleToWidth(2);
        Assert.Equal((2, 1), (scaled.Width, scaled.Height));
        Assert.Equal(0, scaled[0, 0]);
        Assert.Equal(255, scaled[1, 0]);
    }

    [Fact]
    public void Wrong_pixel_count_is_refused_with_the_numbers()
    {
        var e = Assert.Throws<ArgumentException>(() => new GrayImage(3, 3, new byte[8]));
        Assert.Contains("Expected 9", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Raster_golden_bytes_for_a_small_left_aligned_image()
    {
        var caps = PrinterCapabilities.EpsonTmT88V;
        var image = new GrayImage(10, 2, [0, 255, 0, 255, 0, 255, 0, 255, 0, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 0]);
        var bytes = new EscPosEncoder().Encode(new ReceiptDocument(42, [new ImageElement(image, DitherMode.Threshold, TextAlign.Left)]), caps);
        // GS v 0, 2 bytes per row, 2 rows: 1010101010 / 0000000001, MSB leftmost.
        Assert.Equal(Convert.FromHexString("1D763000 0200 0200 AA80 0040".Replace(" ", string.Empty)), bytes[^12..]);
    }

    [Fact]
    public void Centred_raster_is_padded_inside_the_bitmap()
    {
        var caps = PrinterCapabilities.Generic58mm; // 384 dots
        var bytes = new EscPosEncoder().Encode(new ReceiptDocument(32, [new ImageElement(Flat(8, 1, 0), DitherMode.Threshold)]), caps);
        // (384 - 8) / 2 = 188 dots of padding: 196 dots = 25 bytes; the 8 black dots straddle bytes 23 and 24 (offset 188 = 23·8 + 4).
        var header = EncoderGoldenTests.FindAll(bytes, [0x1D, 0x76, 0x30, 0x00]).Single();
        Assert.Equal(new byte[] { 25, 0, 1, 0 }, bytes[(header + 4)..(header + 8)]);
        var row = bytes[(header + 8)..(header + 8 + 25)];
        Assert.All(row[..23], b => Assert.Equal(0, b));
        Assert.Equal(new byte[] { 0x0F, 0xF0 }, row[23..25]);
    }
}
