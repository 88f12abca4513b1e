using System.Collections.Immutable;

namespace KioskRuntime.Printing.EscPos.Imaging;

public enum DitherMode
{
    /// <summary>Plain threshold at mid-gray: best for line-art logos.</summary>
    Threshold,

    /// <summary>Floyd–Steinberg error diffusion: best for photos.</summary>
    FloydSteinberg,

    /// <summary>4×4 Bayer ordered dither: stable patterns, prints evenly on thermal paper.</summary>
    Ordered,
}

/// <summary>
/// A 1-bit image packed as the printer wants it: rows of <see cref="BytesPerRow"/> bytes, most significant bit leftmost,
/// 1 = black (GS v 0). Immutable.
/// </summary>
public sealed class MonoImage
{
    private static ReadOnlySpan<byte> Bayer4 => [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5];

    private readonly ImmutableArray<byte> _bits;

    public MonoImage(int width, int height, ReadOnlySpan<byte> packedBits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var expected = ((width + 7) / 8) * height;
        if (packedBits.Length != expected)
        {
            throw new ArgumentException($"Expected {expected} bytes for a {width}x{height} 1-bit image, got {packedBits.Length}.", nameof(packedBits));
        }

        Width = width;
        Height = height;
        _bits = [.. packedBits];
    }

    public int Width { get; }

    public int Height { get; }

    public int BytesPerRow => (Width + 7) / 8;

    public ReadOnlySpan<byte> Bits => _bits.AsSpan();

    public bool IsBlack(int x, int y) => (_bits[(y * BytesPerRow) + (x >> 3)] & (0x80 >> (x & 7))) != 0;

    /// <summary>Dithers a grayscale image to 1 bit.</summary>
    public static MonoImage FromGray(GrayImage image, DitherMode mode)
    {
        ArgumentNullException.ThrowIfNull(image);
        int w = image.Width, h = image.Height, bpr = (w + 7) / 8;
        var bits = new byte[bpr * h];
        var gray = image.Pixels;
        switch (mode)
        {
            case DitherMode.Threshold:
                for (var y = 0; y < h; y++)
                {
                    for (var x = 0; x < w; x++)
                    {
                        if (gray[(y * w) + x] < 128)
                        {
                            bits[(y * bpr) + (x >> 3)] |= (byte)(0x80 >> (x & 7));
                        }
                    }
                }

                break;
            case DitherMode.Ordered:
                for (var y = 0; y < h; y++)
                {
                    for (var x = 0; x < w; x++)
                    {
                        var threshold = ((Bayer4[((y & 3) * 4) + (x & 3)] * 16) + 8);
                        if (gray[(y * w) + x] < threshold)
                        {
                            bits[(y * bpr) + (x >> 3)] |= (byte)(0x80 >> (x & 7));
                        }
                    }
                }

                break;
            case DitherMode.FloydSteinberg:
                // Two rows of error, in 1/16 units of a gray level.
                var current = new int[w + 2];
                var next = new int[w + 2];
                for (var y = 0; y < h; y++)
                {
                    for (var x = 0; x < w; x++)
                    {
                        var value = gray[(y * w) + x] + (current[x + 1] / 16);
                        var black = value < 128;
                        if (black)
                        {
                            bits[(y * bpr) + (x >> 3)] |= (byte)(0x80 >> (x & 7));
                        }

                        var error = value - (black ? 0 : 255);
                        current[x + 2] += error * 7;
                        next[x] += error * 3;
                        next[x + 1] += error * 5;
                        next[x + 2] += error;
                    }

                    (current, next) = (next, current);
                    Array.Clear(next);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown dither mode.");
        }

        return new MonoImage(w, h, bits);
    }
}
