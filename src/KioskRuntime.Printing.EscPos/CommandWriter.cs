using System.Buffers;

namespace KioskRuntime.Printing.EscPos;

/// <summary>
/// Writes printer commands for one dialect and remembers the printer's current mode so that only changes are sent.
/// Not thread-safe; one per encoded job.
/// </summary>
internal sealed class CommandWriter
{
    private const byte Esc = 0x1B;
    private const byte Gs = 0x1D;
    private const byte Fs = 0x1C;

    private readonly ArrayBufferWriter<byte> _out = new(4096);
    private readonly PrinterCapabilities _caps;
    private TextStyle _style = TextStyle.Normal;
    private TextAlign _align = TextAlign.Left;

    public CommandWriter(PrinterCapabilities caps) => _caps = caps;

    public CodeTable? CurrentTable { get; private set; }

    public bool IsStar => _caps.Dialect == PrinterDialect.StarLine;

    public byte[] ToArray() => _out.WrittenSpan.ToArray();

    public void Raw(params ReadOnlySpan<byte> bytes) => _out.Write(bytes);

    /// <summary>ESC @, then everything ESC @ resets that we rely on: Chinese mode off, FEED button, code table.</summary>
    public void Initialize(bool disableFeedButton)
    {
        Raw(Esc, (byte)'@');
        _style = TextStyle.Normal;
        _align = TextAlign.Left;
        CurrentTable = null;
        if (_caps.NeedsCancelChineseMode)
        {
            Raw(Fs, (byte)'.');
        }

        if (disableFeedButton && _caps.SupportsDisableFeedButton && !IsStar)
        {
            Raw(Esc, (byte)'c', (byte)'5', 1);
        }

        // ESC @ puts the printer back on its power-on table (usually PC437, which has no ø): select ours again.
        var first = _caps.PreferredTables.FirstOrDefault();
        if (first is not null)
        {
            SelectTable(first);
        }
    }

    public void SelectTable(CodeTable table)
    {
        if (ReferenceEquals(CurrentTable, table))
        {
            return;
        }

        if (!_caps.TryGetTableNumber(table, out var n))
        {
            throw new InvalidOperationException($"Profile '{_caps.Name}' has no code table {table.Name}.");
        }

        if (IsStar)
        {
            Raw(Esc, Gs, (byte)'t', n);
        }
        else
        {
            Raw(Esc, (byte)'t', n);
        }

        CurrentTable = table;
    }

    public void Align(TextAlign align)
    {
        if (align == _align)
        {
            return;
        }

        var n = (byte)align;
        if (IsStar)
        {
            Raw(Esc, Gs, (byte)'a', n);
        }
        else
        {
            Raw(Esc, (byte)'a', n);
        }

        _align = align;
    }

    public void Style(TextStyle style)
    {
        var w = Math.Clamp(style.Width, 1, IsStar ? 6 : 8);
        var h = Math.Clamp(style.Height, 1, IsStar ? 6 : 8);
        style = style with { Width = w, Height = h };
        if (style.Bold != _style.Bold)
        {
            if (IsStar)
            {
                Raw(Esc, style.Bold ? (byte)'E' : (byte)'F');
            }
            else
            {
                Raw(Esc, (byte)'E', style.Bold ? (byte)1 : (byte)0);
            }
        }

        if (style.Underline != _style.Underline)
        {
            Raw(Esc, (byte)'-', style.Underline ? (byte)1 : (byte)0);
        }

        if (style.Width != _style.Width || style.Height != _style.Height)
        {
            if (IsStar)
            {
                Raw(Esc, (byte)'i', (byte)(h - 1), (byte)(w - 1));
            }
            else
            {
                Raw(Gs, (byte)'!', (byte)(((w - 1) << 4) | (h - 1)));
            }
        }

        _style = style;
    }

    public void Text(string text)
    {
        foreach (var run in TextRuns.Encode(text, [.. _caps.PreferredTables], CurrentTable))
        {
            if (run.Table is not null)
            {
                SelectTable(run.Table);
            }

            Raw(run.Bytes);
        }
    }

    public void LineFeed() => Raw(0x0A);

    public void Feed(int lines)
    {
        lines = Math.Clamp(lines, 0, 255);
        if (lines == 0)
        {
            return;
        }

        if (IsStar)
        {
            Raw(Esc, (byte)'a', (byte)lines);
        }
        else
        {
            Raw(Esc, (byte)'d', (byte)lines);
        }
    }

    public void Cut(bool partial)
    {
        if (!_caps.SupportsCut)
        {
            // No cutter: feed the last line past the tear bar.
            Feed(4);
            return;
        }

        if (IsStar)
        {
            // ESC d n: 2 = feed to cut position and full cut, 3 = feed and partial cut.
            Raw(Esc, (byte)'d', partial ? (byte)3 : (byte)2);
        }
        else
        {
            // GS V m n (function B): feed to the cutter (which sits above the head) + n dots, then cut. 65 full, 66 partial.
            Raw(Gs, (byte)'V', partial ? (byte)66 : (byte)65, 0);
        }
    }

    public void DrawerPulse(int pin)
    {
        if (IsStar)
        {
            // Star line mode: BEL drives drawer 1, SUB drawer 2.
            Raw(pin == 5 ? (byte)0x1A : (byte)0x07);
            return;
        }

        // ESC p m t1 t2: m 0 = pin 2, 1 = pin 5; on 25 × 2 ms = 50 ms, off 250 × 2 ms = 500 ms.
        Raw(Esc, (byte)'p', pin == 5 ? (byte)1 : (byte)0, 25, 250);
    }
}
