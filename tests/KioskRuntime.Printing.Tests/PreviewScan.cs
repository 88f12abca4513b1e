using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using ZXing;
using ZXing.Common;

namespace KioskRuntime.Printing.Tests;

/// <summary>
/// Reads previews back the way a customer's phone would: a PNG file parsed from its bytes (no help from the renderer), then
/// scanned with ZXing.Net, an independent decoder. Also turns an HTML preview's QR SVG back into a module grid.
/// </summary>
internal static partial class PreviewScan
{
    /// <summary>A parsed 1-bit grayscale PNG: true = black.</summary>
    public sealed record Bitmap(int Width, int Height, bool[] Black)
    {
        public bool this[int x, int y] => Black[(y * Width) + x];
    }

    /// <summary>Parses the PNG our renderer writes (1-bit gray, filter 0), checking what it relies on.</summary>
    public static Bitmap ReadPng(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(1, data[8]); // bit depth
                Assert.Equal(0, data[9]); // grayscale
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            at += 12 + length;
        }

        var stride = (width + 7) / 8;
        var raw = new byte[(stride + 1) * height];
        idat.Position = 0;
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            z.ReadExactly(raw);
        }

        var black = new bool[width * height];
        for (var y = 0; y < height; y++)
        {
            Assert.Equal(0, raw[y * (stride + 1)]); // filter: none
            for (var x = 0; x < width; x++)
            {
                // Grayscale 1 bit: 0 = black.
                black[(y * width) + x] = (raw[(y * (stride + 1)) + 1 + (x >> 3)] & (0x80 >> (x & 7))) == 0;
            }
        }

        return new Bitmap(width, height, black);
    }

    /// <summary>Scans a bitmap with ZXing for the given formats; null when nothing is found.</summary>
    public static Result? Scan(Bitmap bitmap, params BarcodeFormat[] formats)
    {
        var luminance = new byte[bitmap.Width * bitmap.Height];
        for (var i = 0; i < luminance.Length; i++)
        {
            luminance[i] = bitmap.Black[i] ? (byte)0 : (byte)255;
        }

        var source = new RGBLuminanceSource(luminance, bitmap.Width, bitmap.Height, RGBLuminanceSource.BitmapFormat.Gray8);
        var reader = new MultiFormatReader();
        var hints = new Dictionary<DecodeHintType, object>
        {
            [DecodeHintType.POSSIBLE_FORMATS] = formats.ToList(),
            [DecodeHintType.TRY_HARDER] = true,
            [DecodeHintType.CHARACTER_SET] = "UTF-8",
        };
        try
        {
            return reader.decode(new BinaryBitmap(new HybridBinarizer(source)), hints);
        }
        catch (ReaderException)
        {
            return null;
        }
    }

    /// <summary>Crops a region (to scan one symbol of a receipt at a time).</summary>
    public static Bitmap Crop(Bitmap bitmap, int top, int height)
    {
        height = Math.Min(height, bitmap.Height - top);
        return new Bitmap(bitmap.Width, height, bitmap.Black.AsSpan(top * bitmap.Width, height * bitmap.Width).ToArray());
    }

    /// <summary>The QR module grids in an HTML preview's SVGs (quiet zone included), from their path data.</summary>
    public static List<bool[,]> QrGridsFromHtml(string html)
    {
        var grids = new List<bool[,]>();
        foreach (Match svg in QrSvg().Matches(html))
        {
            var units = int.Parse(svg.Groups["units"].Value, CultureInfo.InvariantCulture);
            var grid = new bool[units, units];
            foreach (Match run in SvgRun().Matches(svg.Groups["path"].Value))
            {
                int x = Int(run, "x"), y = Int(run, "y"), n = Int(run, "n");
                for (var i = 0; i < n; i++)
                {
                    grid[y, x + i] = true;
                }
            }

            grids.Add(grid);
        }

        return grids;

        static int Int(Match m, string name) => int.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>A module grid drawn at <paramref name="scale"/> pixels per module.</summary>
    public static Bitmap Draw(bool[,] grid, int scale)
    {
        var n = grid.GetLength(0);
        var black = new bool[n * scale * n * scale];
        for (var y = 0; y < n * scale; y++)
        {
            for (var x = 0; x < n * scale; x++)
            {
                black[(y * n * scale) + x] = grid[y / scale, x / scale];
            }
        }

        return new Bitmap(n * scale, n * scale, black);
    }

    [GeneratedRegex("<div class=\"qr[^\"]*\" title=\"[^\"]*\"><svg [^>]*viewBox=\"0 0 (?<units>\\d+) \\d+\"[^>]*><rect [^>]*/><path d=\"(?<path>[^\"]*)\"/></svg>")]
    private static partial Regex QrSvg();

    [GeneratedRegex("M(?<x>\\d+) (?<y>\\d+)h(?<n>\\d+)v1h-\\d+z")]
    private static partial Regex SvgRun();
}
