using KioskRuntime.Printing.EscPos.Imaging;

namespace KioskRuntime.Printing.EscPos.Decoding;

/// <summary>Star Line Mode bar codes, QR codes and bit images (see <see cref="EscPosEncoder"/>'s Star part for the manual's sections).</summary>
public sealed partial class EscPosDecoder
{
    /// <summary>Columns accepted in one ESC X (the widest Star head is 832 dots; more is garbage, not an image).</summary>
    private const int StarMaxBitImageColumns = 2048;

    private static readonly string[] StarBarcodeTypes = ["UPC-E", "UPC-A", "EAN-8", "EAN-13", "CODE39", "ITF", "CODE128", "CODE93", "CODABAR"];

    /// <summary>An ESC X strip is on the line buffer: the LF that prints it adds no empty text line.</summary>
    private bool _starBitImageLine;

    /// <summary>Index in the blocks of the image the last ESC X strip went into (-1: none); the next strip right below joins it.</summary>
    private int _starImageBlock = -1;

    /// <summary>ESC b n1 n2 n3 n4 d1…dk RS. The RS is searched for only within <see cref="EscPosEncoder.StarMaxBarcodeData"/> bytes, so every split decides the same.</summary>
    private int StarBarcode(ReadOnlySpan<byte> s, long offset)
    {
        const int header = 6;
        if (s.Length < header)
        {
            return 0;
        }

        var limit = header + EscPosEncoder.StarMaxBarcodeData + 1;
        var end = s[header..Math.Min(s.Length, limit)].IndexOf((byte)0x1E);
        if (end < 0)
        {
            if (s.Length < limit)
            {
                return 0;
            }

            _issues.Add(new DecodeIssue(offset, $"ESC b without RS within {EscPosEncoder.StarMaxBarcodeData} data bytes; header skipped"));
            return header;
        }

        var type = s[2] >= '0' ? s[2] - '0' : s[2];
        var data = s.Slice(header, end);
        var length = header + end + 1;
        if (type is < 0 or > 8 || (s[3] is not ((>= 1 and <= 4) or (>= (byte)'1' and <= (byte)'4'))) || s[5] == 0)
        {
            // The manual: parameters out of range discard the data up to RS.
            _issues.Add(new DecodeIssue(offset, $"ESC b {s[2]} {s[3]} {s[4]} {s[5]}: parameters out of range; bar code discarded"));
            return length;
        }

        FlushLine();
        _blocks.Add(new DecodedBarcode(offset, StarBarcodeTypes[type], Latin1(data), _align));
        return length;
    }

    /// <summary>ESC X n1 n2 d1…dk, k = 3 × (n1 + 256 n2): columns of 24 dots, three bytes each, MSB the top dot.</summary>
    private int StarBitImage(ReadOnlySpan<byte> s, long offset)
    {
        if (s.Length < 4)
        {
            return 0;
        }

        var columns = s[2] | (s[3] << 8);
        if (columns is 0 or > StarMaxBitImageColumns)
        {
            _issues.Add(new DecodeIssue(offset, $"ESC X with {columns} columns is implausible; header skipped"));
            return 4;
        }

        var length = 4 + (3 * columns);
        if (s.Length < length)
        {
            return 0;
        }

        FlushLine();
        var bytesPerRow = (columns + 7) / 8;
        var bits = new byte[bytesPerRow * 24];
        var data = s[4..length];
        for (var x = 0; x < columns; x++)
        {
            for (var y = 0; y < 24; y++)
            {
                if ((data[(x * 3) + (y >> 3)] & (0x80 >> (y & 7))) != 0)
                {
                    bits[(y * bytesPerRow) + (x >> 3)] |= (byte)(0x80 >> (x & 7));
                }
            }
        }

        // Strips printed one below the other (only their LFs in between) are one picture on paper: one image block.
        if (_starImageBlock == _blocks.Count - 1 && _blocks[^1] is DecodedImage above && above.Image.Width == columns && above.Align == _align)
        {
            var joined = new byte[above.Image.Bits.Length + bits.Length];
            above.Image.Bits.CopyTo(joined);
            bits.CopyTo(joined.AsSpan(above.Image.Bits.Length));
            _blocks[^1] = above with { Image = new MonoImage(columns, above.Image.Height + 24, joined) };
        }
        else
        {
            _blocks.Add(new DecodedImage(offset, new MonoImage(columns, 24, bits), _align));
            _starImageBlock = _blocks.Count - 1;
        }

        _starBitImageLine = true;
        return length;
    }

    /// <summary>ESC GS y S 0|1|2 n (model, level, cell size), ESC GS y D 1 m nL nH d… (data), ESC GS y P (print), ESC GS y I (query).</summary>
    private int StarQr(ReadOnlySpan<byte> s, long offset)
    {
        if (s.Length < 4)
        {
            return 0;
        }

        switch ((char)s[3])
        {
            case 'S':
                return Need(s, 6, p => StarQrSetting(p[4], p[5], offset));
            case 'D':
                if (s.Length < 5)
                {
                    return 0;
                }

                if (s[4] != '1')
                {
                    // Manual data setting (ESC GS y D 2 …) carries its own segment headers; not decoded.
                    _issues.Add(new DecodeIssue(offset, $"ESC GS y D {(char)s[4]}: only automatic analysis (D 1) is decoded"));
                    return 5;
                }

                if (s.Length < 8)
                {
                    return 0;
                }

                var count = s[6] | (s[7] << 8);
                if (count is 0 or > 7089)
                {
                    _issues.Add(new DecodeIssue(offset, $"ESC GS y D 1 with {count} bytes (1..7089 allowed); data cleared"));
                    _qrData = [];
                    return 8;
                }

                return Need(s, 8 + count, p => _qrData = p[8..].ToArray());
            case 'P':
                if (_qrData.Length == 0)
                {
                    _issues.Add(new DecodeIssue(offset, "ESC GS y P with no QR data set; nothing printed"));
                    return 4;
                }

                AddQr(offset);
                return 4;
            case 'I':
                Command(offset, "QR expansion information request");
                return 4;
            default:
                return Skip(s, offset, 4);
        }
    }

    private void StarQrSetting(byte which, byte n, long offset)
    {
        switch ((char)which)
        {
            case '0' when n is 1 or 2:
                _qrModel = n;
                break;
            case '1' when n <= 3:
                _qrErrorLevel = "LMQH"[n];
                break;
            case '2' when n is >= 1 and <= 8:
                _qrModuleSize = n;
                break;
            default:
                _issues.Add(new DecodeIssue(offset, $"ESC GS y S {(char)which} {n}: out of range; setting unchanged"));
                break;
        }
    }
}
