using System.Collections.Immutable;

namespace KioskRuntime.Printing.EscPos.Imaging;

/// <summary>An 8-bit grayscale image, 0 = black, 255 = white, row-major. Immutable.</summary>
public sealed class GrayImage
{
    private readonly ImmutableArray<byte> _pixels;

    public GrayImage(int width, int height, ReadOnlySpan<byte> pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (pixels.Length != checked(width * height))
        {
            throw new ArgumentException($"Expected {width * height} pixels for {width}x{height}, got {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        _pixels = [.. pixels];
    }

    public int Width { get; }

    public int Height { get; }

    public ReadOnlySpan<byte> Pixels => _pixels.AsSpan();

    public byte this[int x, int y] => _pixels[(y * Width) + x];

    /// <summary>Scales to <paramref name="width"/> keeping the aspect ratio, averaging the source area under each target pixel.</summary>
    public GrayImage ScaleToWidth(int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (width == Width)
        {
            return this;
        }

        var height = Math.Max(1, (int)Math.Round((double)Height * width / Width));
        var target = new byte[width * height];
        var sx = (double)Width / width;
        var sy = (double)Height / height;
        for (var y = 0; y < height; y++)
        {
            var y0 = (int)(y * sy);
            var y1 = Math.Max(y0 + 1, Math.Min(Height, (int)Math.Ceiling((y + 1) * sy)));
            for (var x = 0; x < width; x++)
            {
                var x0 = (int)(x * sx);
                var x1 = Math.Max(x0 + 1, Math.Min(Width, (int)Math.Ceiling((x + 1) * sx)));
                int sum = 0, count = 0;
                for (var yy = y0; yy < y1; yy++)
                {
                    for (var xx = x0; xx < x1; xx++)
                    {
                        sum += _pixels[(yy * Width) + xx];
                        count++;
                    }
                }

                target[(y * width) + x] = (byte)(sum / count);
            }
        }

        return new GrayImage(width, height, target);
    }
}
