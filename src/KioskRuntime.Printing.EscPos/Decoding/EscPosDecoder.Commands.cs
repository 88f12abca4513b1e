using System.Text;

namespace KioskRuntime.Printing.EscPos.Decoding;

public sealed partial class EscPosDecoder
{
    // Parameter lengths follow the Epson ESC/POS command reference; unknown commands are skipped as two bytes and reported.
    private int Escape(ReadOnlySpan<byte> s, long offset)
    {
        if (s.Length < 2)
        {
            return 0;
        }

        var c = s[1];
        switch ((char)c)
        {
            case '@':
                Initialize(offset);
                return 2;
            case '2':
                return 2;
            case 't':
                return Need(s, 3, p => SelectTable(offset, p[2], CodeTableNumbers.Epson, CodeTableNumbers.EpsonUnmapped));
            case '!':
                return Need(s, 3, p =>
                {
                    var n = p[2];
                    _style = _style with
                    {
                        FontB = (n & 0x01) != 0, Bold = (n & 0x08) != 0, Height = (n & 0x10) != 0 ? 2 : 1,
                        Width = (n & 0x20) != 0 ? 2 : 1, Underline = (n & 0x80) != 0,
                    };
                });
            case 'E':
            case 'G':
                return Need(s, 3, p => _style = _style with { Bold = (p[2] & 1) != 0 });
            case '-':
                return Need(s, 3, p => _style = _style with { Underline = (p[2] & 3) != 0 && p[2] != '0' });
            case 'M':
                return Need(s, 3, p => _style = _style with { FontB = (p[2] & 1) != 0 });
            case 'a':
                return Need(s, 3, p => _align = (p[2] & 0x0F) switch { 1 => TextAlign.Center, 2 => TextAlign.Right, _ => TextAlign.Left });
            case 'd':
                return Need(s, 3, p => { FlushLine(); _blocks.Add(new DecodedFeed(offset, p[2] * 30)); });
            case 'J':
                return Need(s, 3, p => { FlushLine(); _blocks.Add(new DecodedFeed(offset, p[2])); });
            case 'p':
                return Need(s, 5, p => Command(offset, "drawer pulse (pin " + ((p[2] & 1) == 1 ? "5" : "2") + ")"));
            case 'c':
                return Need(s, 4, p => Command(offset, p[2] == '5' ? "panel buttons " + ((p[3] & 1) == 1 ? "disabled" : "enabled") : $"ESC c {(char)p[2]} {p[3]}"));
            case 'R':
                return Need(s, 3, p => _issues.Add(new DecodeIssue(offset, $"ESC R {p[2]}: international character set changes [ \\ ] {{ | }}; decoded as USA")));
            case '3' or ' ' or 'U' or 'V' or '{' or 'r' or 'T' or '=' or '%' or 'e' or 'S' or 'L':
                return Need(s, c is (byte)'S' or (byte)'L' ? 2 : 3, _ => { });
            case '$' or '\\':
                return Need(s, 4, p => { });
            case 'i' or 'm':
                FlushLine();
                _blocks.Add(new DecodedCut(offset, Partial: true));
                return 2;
            case 'D':
                // ESC D n1 … nk NUL, k ≤ 32: look for the NUL only where it may be, so every split decides the same.
                var end = s[2..Math.Min(s.Length, 35)].IndexOf((byte)0);
                return end >= 0 ? end + 3 : s.Length >= 35 ? Skip(s, offset, 2) : 0;
            case '*':
                return BitImage(s, offset);
            default:
                return Skip(s, offset, 2);
        }
    }

    private int GroupSeparator(ReadOnlySpan<byte> s, long offset)
    {
        if (s.Length < 2)
        {
            return 0;
        }

        switch ((char)s[1])
        {
            case '!':
                return Need(s, 3, p => _style = _style with { Width = ((p[2] >> 4) & 7) + 1, Height = (p[2] & 7) + 1 });
            case 'B':
                return Need(s, 3, p => _style = _style with { Inverted = (p[2] & 1) != 0 });
            case 'H' or 'h' or 'w' or 'f' or 'b' or 'I':
                return Need(s, 3, p => { });
            case 'a':
                return Need(s, 3, p => Command(offset, $"automatic status back 0x{p[2]:X2}"));
            case 'r':
                return Need(s, 3, p => Command(offset, $"status request {p[2]}"));
            case 'L' or 'W' or 'P':
                return Need(s, 4, p => { });
            case 'V':
                return Cut(s, offset);
            case 'k':
                return Barcode(s, offset);
            case 'v':
                return Raster(s, offset);
            case '(':
                return Extended(s, offset);
            case '8':
                return LongExtended(s, offset);
            default:
                return Skip(s, offset, 2);
        }
    }

    private int FileSeparator(ReadOnlySpan<byte> s, long offset)
    {
        if (s.Length < 2)
        {
            return 0;
        }

        return (char)s[1] switch
        {
            '.' => Done(2, () => Command(offset, "cancel Chinese mode")),
            '&' => Done(2, () => _issues.Add(new DecodeIssue(offset, "FS &: Chinese double-byte mode selected; bytes are still decoded as single-byte"))),
            'C' or '!' or '-' => Need(s, 3, p => { }),
            'p' => Need(s, 4, p => { FlushLine(); Command(offset, $"print stored logo {p[2]}"); }),
            _ => Skip(s, offset, 2),
        };
    }

    private int DataLinkEscape(ReadOnlySpan<byte> s, long offset)
    {
        if (s.Length < 2)
        {
            return 0;
        }

        return s[1] switch
        {
            0x04 => Need(s, 3, p => Command(offset, $"real-time status {p[2]}")),
            0x05 => Need(s, 3, p => Command(offset, $"real-time request {p[2]}")),
            0x14 => Need(s, 5, p => Command(offset, p[2] == 1 ? "drawer pulse (pin " + ((p[3] & 1) == 1 ? "5" : "2") + ")" : $"DLE DC4 {p[2]}")),
            _ => Skip(s, offset, 2),
        };
    }

    private int Cut(ReadOnlySpan<byte> s, long offset)
    {
        if (s.Length < 3)
        {
            return 0;
        }

        var m = s[2];
        var length = m is 0 or 1 or 48 or 49 ? 3 : 4;
        return Need(s, length, _ =>
        {
            FlushLine();
            _blocks.Add(new DecodedCut(offset, Partial: m is 1 or 49 or 66 or 98 or 104));
        });
    }

    private int Skip(ReadOnlySpan<byte> s, long offset, int length)
    {
        Unknown(offset, s[..length]);
        return length;
    }

    private delegate void Apply(ReadOnlySpan<byte> command);

    private static int Need(ReadOnlySpan<byte> s, int length, Apply apply)
    {
        if (s.Length < length)
        {
            return 0;
        }

        apply(s[..length]);
        return length;
    }

    private static int Done(int length, Action apply)
    {
        apply();
        return length;
    }

    /// <summary>Star line mode: the commands our encoder sends for <see cref="PrinterDialect.StarLine"/>.</summary>
    private int StarEsc(ReadOnlySpan<byte> s, long offset)
    {
        if (s.Length < 2)
        {
            return 0;
        }

        switch ((char)s[1])
        {
            case '@':
                Initialize(offset);
                return 2;
            case 'E':
                _style = _style with { Bold = true };
                return 2;
            case 'F':
                _style = _style with { Bold = false };
                return 2;
            case '-':
                return Need(s, 3, p => _style = _style with { Underline = (p[2] & 1) != 0 });
            case 'i':
                return Need(s, 4, p => _style = _style with { Height = Math.Min(p[2] + 1, 8), Width = Math.Min(p[3] + 1, 8) });
            case 'a':
                return Need(s, 3, p => { FlushLine(); _blocks.Add(new DecodedFeed(offset, p[2] * 30)); });
            case 'd':
                return Need(s, 3, p => { FlushLine(); _blocks.Add(new DecodedCut(offset, Partial: (p[2] & 1) == 1)); });
            case '0':
                return Done(2, () => Command(offset, "line feed 3 mm"));
            case 'z':
                return Need(s, 3, p => Command(offset, "line feed 4 mm"));
            case 'J':
                // n/4 mm at 8 dots/mm.
                return Need(s, 3, p => { FlushLine(); _blocks.Add(new DecodedFeed(offset, p[2] * 2)); });
            case 'I':
                return Need(s, 3, p => { FlushLine(); _blocks.Add(new DecodedFeed(offset, p[2])); });
            case 'b':
                return StarBarcode(s, offset);
            case 'X':
                return StarBitImage(s, offset);
            case '\u0006':
                return Need(s, 3, p => Command(offset, p[2] == 1 ? "status request (ESC ACK SOH)" : $"ESC ACK {p[2]}"));
            case '\u001E':
                // ESC RS a n: automatic status conditions; other ESC RS commands carry one parameter too.
                return Need(s, 4, p => Command(offset, p[2] == 'a' ? $"automatic status conditions {p[3]}" : $"ESC RS {(char)p[2]} {p[3]}"));
            case '\u001D':
                if (s.Length < 3)
                {
                    return 0;
                }

                if (s[2] == 'y')
                {
                    return StarQr(s, offset);
                }

                if (s.Length < 4)
                {
                    return 0;
                }

                switch ((char)s[2])
                {
                    case 't':
                        SelectTable(offset, s[3], CodeTableNumbers.Star, CodeTableNumbers.StarUnmapped);
                        return 4;
                    case 'a':
                        _align = (s[3] & 3) switch { 1 => TextAlign.Center, 2 => TextAlign.Right, _ => TextAlign.Left };
                        return 4;
                    default:
                        return Skip(s, offset, 3);
                }

            default:
                return Skip(s, offset, 2);
        }
    }

    private static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
