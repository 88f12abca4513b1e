using KioskRuntime.Printing.EscPos.Imaging;

namespace KioskRuntime.Printing.EscPos;

public sealed partial class EscPosEncoder
{
    private static void WriteImage(CommandWriter w, ImageElement element, PrinterCapabilities caps)
    {
        if (!caps.SupportsRaster)
        {
            return;
        }

        var gray = element.Image.Width > caps.PaperWidthDots ? element.Image.ScaleToWidth(caps.PaperWidthDots) : element.Image;
        var mono = MonoImage.FromGray(gray, element.Dither);
        var offset = element.Align switch
        {
            TextAlign.Center => (caps.PaperWidthDots - mono.Width) / 2,
            TextAlign.Right => caps.PaperWidthDots - mono.Width,
            _ => 0,
        };

        if (w.IsStar)
        {
            WriteStarImage(w, mono, offset);
            return;
        }

        // Alignment is done in the bitmap (left padding), not with ESC a, which not every model applies to GS v 0.
        var width = mono.Width + offset;
        var bytesPerRow = (width + 7) / 8;
        w.Align(TextAlign.Left);
        var chunk = Math.Clamp(caps.RasterChunkRows, 1, 256);
        for (var top = 0; top < mono.Height; top += chunk)
        {
            var rows = Math.Min(chunk, mono.Height - top);
            // GS v 0 m xL xH yL yH: x = bytes per row, y = rows; MSB leftmost, 1 = black.
            w.Raw(Gs, (byte)'v', (byte)'0', 0, (byte)(bytesPerRow & 0xFF), (byte)(bytesPerRow >> 8), (byte)(rows & 0xFF), (byte)(rows >> 8));
            var data = new byte[bytesPerRow * rows];
            var source = mono.Bits;
            int shift = offset & 7, skip = offset >> 3;
            for (var y = 0; y < rows; y++)
            {
                var from = source.Slice((top + y) * mono.BytesPerRow, mono.BytesPerRow);
                var to = data.AsSpan(y * bytesPerRow, bytesPerRow);
                for (var i = 0; i < from.Length; i++)
                {
                    // Shift the row right by the left padding; bits past the image width are 0 in MonoImage.
                    to[skip + i] |= (byte)(from[i] >> shift);
                    if (shift != 0 && skip + i + 1 < to.Length)
                    {
                        to[skip + i + 1] |= (byte)(from[i] << (8 - shift));
                    }
                }
            }

            w.Raw(data);
        }
    }
}
