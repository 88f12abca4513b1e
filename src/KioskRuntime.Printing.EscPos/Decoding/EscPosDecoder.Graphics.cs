using System.Text;
using KioskRuntime.Printing.EscPos.Imaging;

namespace KioskRuntime.Printing.EscPos.Decoding;

public sealed partial class EscPosDecoder
{
    /// <summary>Largest raster block accepted (1,024 bytes per row is 8,192 dots; 16 MiB is far beyond any receipt).</summary>
    private const long MaxRasterBytes = 16L * 1024 * 1024;

    /// <summary>GS k: m 0–6 data ends with NUL; m 65–79 n then n bytes.</summary>
    private int Barcode(ReadOnlySpan<byte> s, long offset)
    {
        if (s.Length < 4)
        {
            return 0;
        }

        var m = s[2];
        ReadOnlySpan<byte> data;
        int length;
        if (m <= 6)
        {
            // NUL-terminated form: at most 255 data bytes, searched only there so every split decides the same.
            var end = s[3..Math.Min(s.Length, 259)].IndexOf((byte)0);
            if (end < 0)
            {
                return s.Length >= 259 ? Skip(s, offset, 3) : 0;
            }

            data = s.Slice(3, end);
            length = end + 4;
        }
        else
        {
            length = 4 + s[3];
            if (s.Length < length)
            {
                return 0;
            }

            data = s.Slice(4, s[3]);
        }

        FlushLine();
        var (symbology, text) = m switch
        {
            0 or 65 => ("UPC-A", Latin1(data)),
            1 or 66 => ("UPC-E", Latin1(data)),
            2 or 67 => ("EAN-13", Latin1(data)),
            3 or 68 => ("EAN-8", Latin1(data)),
            4 or 69 => ("CODE39", Latin1(data)),
            5 or 70 => ("ITF", Latin1(data)),
            6 or 71 => ("CODABAR", Latin1(data)),
            72 => ("CODE93", Latin1(data)),
            73 => Code128Text(data),
            74 => ("GS1-128", Latin1(data)),
            _ => ($"GS k {m}", Convert.ToHexString(data)),
        };
        _blocks.Add(new DecodedBarcode(offset, symbology, text, _align));
        return length;
    }

    /// <summary>Undoes the ESC/POS CODE128 code-set notation ({A {B {C, {1 FNC1, {{ brace).</summary>
    private static (string Symbology, string Data) Code128Text(ReadOnlySpan<byte> data)
    {
        var sb = new StringBuilder();
        var set = 'B';
        var gs1 = false;
        for (var i = 0; i < data.Length; i++)
        {
            var b = data[i];
            if (b == '{' && i + 1 < data.Length)
            {
                var c = (char)data[++i];
                switch (c)
                {
                    case 'A' or 'B' or 'C':
                        set = c;
                        break;
                    case '1':
                        if (sb.Length == 0 && !gs1)
                        {
                            gs1 = true;
                        }
                        else
                        {
                            sb.Append('\u001D');
                        }

                        break;
                    case '{':
                        sb.Append('{');
                        break;
                    default:
                        sb.Append('{').Append(c);
                        break;
                }

                continue;
            }

            if (set == 'C')
            {
                sb.Append((b / 10).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append((char)('0' + (b % 10)));
            }
            else
            {
                sb.Append((char)b);
            }
        }

        return (gs1 ? "GS1-128" : "CODE128", sb.ToString());
    }

    /// <summary>GS v 0 m xL xH yL yH d1…dk: k = x × y.</summary>
    private int Raster(ReadOnlySpan<byte> s, long offset)
    {
        if (s.Length < 8)
        {
            return 0;
        }

        if (s[2] is not ((byte)'0' or 0))
        {
            return Skip(s, offset, 3);
        }

        var bytesPerRow = s[4] | (s[5] << 8);
        var rows = s[6] | (s[7] << 8);
        var size = (long)bytesPerRow * rows;
        if (bytesPerRow > 1024 || size > MaxRasterBytes)
        {
            // No printer is that wide (x is bytes per row); treat the header as garbage rather than swallow the stream.
            _issues.Add(new DecodeIssue(offset, $"GS v 0 with {bytesPerRow} bytes x {rows} rows is implausible; header skipped"));
            return 8;
        }

        var length = 8 + (int)size;
        if (s.Length < length)
        {
            return 0;
        }

        FlushLine();
        if (bytesPerRow > 0 && rows > 0)
        {
            _blocks.Add(new DecodedImage(offset, new MonoImage(bytesPerRow * 8, rows, s[8..length]), _align));
        }

        return length;
    }

    /// <summary>ESC * m nL nH d1…dk: column format, 8 dots (m 0, 1) or 24 dots (m 32, 33) high; turned into a raster.</summary>
    private int BitImage(ReadOnlySpan<byte> s, long offset)
    {
        if (s.Length < 5)
        {
            return 0;
        }

        var columns = s[3] | (s[4] << 8);
        var bytesPerColumn = s[2] is 32 or 33 ? 3 : 1;
        var length = 5 + (columns * bytesPerColumn);
        if (s.Length < length)
        {
            return 0;
        }

        if (columns == 0)
        {
            return length;
        }

        FlushLine();
        var rows = bytesPerColumn * 8;
        var bytesPerRow = (columns + 7) / 8;
        var bits = new byte[bytesPerRow * rows];
        var data = s[5..length];
        for (var x = 0; x < columns; x++)
        {
            for (var y = 0; y < rows; y++)
            {
                if ((data[(x * bytesPerColumn) + (y / 8)] & (0x80 >> (y % 8))) != 0)
                {
                    bits[(y * bytesPerRow) + (x >> 3)] |= (byte)(0x80 >> (x & 7));
                }
            }
        }

        _blocks.Add(new DecodedImage(offset, new MonoImage(columns, rows, bits), _align));
        return length;
    }

    /// <summary>GS ( x pL pH …: QR (GS ( k cn 49) is decoded; the rest is skipped by its length.</summary>
    private int Extended(ReadOnlySpan<byte> s, long offset)
    {
        if (s.Length < 5)
        {
            return 0;
        }

        var length = 5 + (s[3] | (s[4] << 8));
        if (s.Length < length)
        {
            return 0;
        }

        var body = s[5..length];
        if (s[2] == 'k' && body.Length >= 2 && body[0] == 49)
        {
            Qr(body[1], body[2..], offset);
        }
        else if (s[2] is not ((byte)'k' or (byte)'L' or (byte)'A' or (byte)'E' or (byte)'K'))
        {
            Unknown(offset, s[..3]);
        }

        return length;
    }

    private void Qr(byte function, ReadOnlySpan<byte> args, long offset)
    {
        switch (function)
        {
            case 65 when args.Length >= 1:
                _qrModel = args[0] == 49 ? 1 : 2;
                break;
            case 67 when args.Length >= 1:
                _qrModuleSize = args[0];
                break;
            case 69 when args.Length >= 1:
                _qrErrorLevel = args[0] switch { 49 => 'M', 50 => 'Q', 51 => 'H', _ => 'L' };
                break;
            case 80 when args.Length >= 1:
                _qrData = args[1..].ToArray();
                break;
            case 81:
                AddQr(offset);
                break;
        }
    }

    private void AddQr(long offset)
    {
        FlushLine();
        _blocks.Add(new DecodedQr(offset, Encoding.UTF8.GetString(_qrData), _qrModuleSize, _qrErrorLevel, _align)
        {
            Data = [.. _qrData],
            Model = _qrModel,
        });
    }

    /// <summary>GS 8 L p1 p2 p3 p4 …: graphics with a 32-bit length; skipped.</summary>
    private int LongExtended(ReadOnlySpan<byte> s, long offset)
    {
        if (s.Length < 7)
        {
            return 0;
        }

        if (s[2] != 'L')
        {
            return Skip(s, offset, 3);
        }

        var length = 7L + System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(s[3..7]);
        if (length > 64 * 1024 * 1024)
        {
            return Skip(s, offset, 3);
        }

        if (s.Length < length)
        {
            return 0;
        }

        _issues.Add(new DecodeIssue(offset, "GS 8 L graphics data skipped (not rendered)"));
        return (int)length;
    }
}
