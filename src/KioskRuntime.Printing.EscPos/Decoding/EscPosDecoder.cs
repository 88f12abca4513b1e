using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text;

namespace KioskRuntime.Printing.EscPos.Decoding;

/// <summary>
/// Decodes an ESC/POS (or Star line mode) byte stream into printed blocks. Incremental: <see cref="Feed"/> takes chunks of any
/// size and the result is the same for every split of the stream. Never throws for bad input: unknown commands are
/// skipped and reported with their offset. Not thread-safe; one instance per stream.
/// </summary>
public sealed partial class EscPosDecoder
{
    private const byte Esc = 0x1B;
    private const byte Gs = 0x1D;
    private const byte Fs = 0x1C;
    private const byte Dle = 0x10;

    private readonly PrinterDialect _dialect;
    private readonly CodeTable _powerOnTable;
    private readonly ImmutableArray<DecodedBlock>.Builder _blocks = ImmutableArray.CreateBuilder<DecodedBlock>();
    private readonly ImmutableArray<DecodeIssue>.Builder _issues = ImmutableArray.CreateBuilder<DecodeIssue>();
    private readonly List<DecodedRun> _lineRuns = [];
    private readonly StringBuilder _runText = new();

    private byte[] _buffer = new byte[1024];
    private int _count;
    private long _bufferOffset;
    private bool _completed;

    private CodeTable _table;
    private DecodedStyle _style = DecodedStyle.Normal;
    private DecodedStyle _runStyle = DecodedStyle.Normal;
    private TextAlign _align = TextAlign.Left;
    private TextAlign _lineAlign = TextAlign.Left;
    private long _lineOffset = -1;
    private int _qrModuleSize = 3;
    private char _qrErrorLevel = 'L';
    private byte[] _qrData = [];
    private int _qrModel = 2;

    public EscPosDecoder(PrinterDialect dialect = PrinterDialect.EscPos, CodeTable? powerOnTable = null)
    {
        _dialect = dialect;
        _powerOnTable = powerOnTable ?? CodeTable.Pc437;
        _table = _powerOnTable;
    }

    /// <summary>Blocks decoded so far, in order (a pending text line is not among them yet). For emulators that react to commands.</summary>
    internal IReadOnlyList<DecodedBlock> BlocksSoFar => _blocks;

    /// <summary>Decodes a whole stream at once.</summary>
    public static DecodedDocument Decode(ReadOnlySpan<byte> bytes, PrinterDialect dialect = PrinterDialect.EscPos)
    {
        var decoder = new EscPosDecoder(dialect);
        decoder.Feed(bytes);
        return decoder.Complete();
    }

    /// <summary>Adds the next chunk of the stream and decodes every command that is complete.</summary>
    public void Feed(ReadOnlySpan<byte> chunk)
    {
        if (_completed)
        {
            throw new InvalidOperationException("The decoder was completed; create a new one for the next stream.");
        }

        if (_count + chunk.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _count + chunk.Length));
        }

        chunk.CopyTo(_buffer.AsSpan(_count));
        _count += chunk.Length;
        var position = 0;
        while (position < _count)
        {
            var used = Step(_buffer.AsSpan(position, _count - position), _bufferOffset + position);
            if (used == 0)
            {
                break;
            }

            position += used;
        }

        _buffer.AsSpan(position, _count - position).CopyTo(_buffer);
        _count -= position;
        _bufferOffset += position;
    }

    /// <summary>Ends the stream: reports a truncated command, prints the pending line and returns the document.</summary>
    public DecodedDocument Complete()
    {
        if (!_completed)
        {
            if (_count > 0)
            {
                _issues.Add(new DecodeIssue(_bufferOffset, $"Truncated command at end of stream: {Convert.ToHexString(_buffer, 0, Math.Min(_count, 8))}"));
                _bufferOffset += _count;
                _count = 0;
            }

            if (_lineOffset >= 0)
            {
                EndLine();
            }

            _completed = true;
        }

        return new DecodedDocument(_blocks.ToImmutable(), _issues.ToImmutable(), _bufferOffset);
    }

    /// <summary>Decodes one command or text run at the start of <paramref name="s"/>; 0 = incomplete, wait for more bytes.</summary>
    private int Step(ReadOnlySpan<byte> s, long offset)
    {
        var b = s[0];
        if (b >= 0x20)
        {
            var n = 1;
            while (n < s.Length && s[n] >= 0x20)
            {
                n++;
            }

            AddText(s[..n], offset);
            return n;
        }

        switch (b)
        {
            case 0x0A when _starBitImageLine && _lineOffset < 0:
                // The LF that prints an ESC X strip: the strip is the line.
                _starBitImageLine = false;
                return 1;
            case 0x0A:
            case 0x0C:
                AddLineBreak(offset);
                return 1;
            case 0x0D:
                return 1;
            case 0x09:
                AddChar("\t", offset);
                return 1;
            case Esc:
                return _dialect == PrinterDialect.StarLine ? StarEsc(s, offset) : Escape(s, offset);
            case Gs:
                return GroupSeparator(s, offset);
            case Fs:
                return FileSeparator(s, offset);
            case Dle:
                return DataLinkEscape(s, offset);
            case 0x07 when _dialect == PrinterDialect.StarLine:
                Command(offset, "drawer pulse (pin 2)");
                return 1;
            case 0x1A when _dialect == PrinterDialect.StarLine:
                Command(offset, "drawer pulse (pin 5)");
                return 1;
            case 0x17 when _dialect == PrinterDialect.StarLine:
                Command(offset, "ETB (status counter)");
                return 1;
            case 0x05 when _dialect == PrinterDialect.StarLine:
                Command(offset, "status request (ENQ)");
                return 1;
            case 0x04 when _dialect == PrinterDialect.StarLine:
                Command(offset, "status request (EOT)");
                return 1;
            default:
                _issues.Add(new DecodeIssue(offset, $"Unknown control byte 0x{b:X2}"));
                return 1;
        }
    }

    private void AddText(ReadOnlySpan<byte> bytes, long offset)
    {
        var sb = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            sb.Append(_table.ToUnicode(b));
        }

        AddChar(sb.ToString(), offset);
    }

    private void AddChar(string text, long offset)
    {
        if (_lineOffset < 0)
        {
            _lineOffset = offset;
            _lineAlign = _align;
        }

        if (_runText.Length > 0 && _runStyle != _style)
        {
            _lineRuns.Add(new DecodedRun(_runText.ToString(), _runStyle));
            _runText.Clear();
        }

        _runStyle = _style;
        _runText.Append(text);
    }

    private void AddLineBreak(long offset)
    {
        _starBitImageLine = false;
        if (_lineOffset < 0)
        {
            _lineOffset = offset;
            _lineAlign = _align;
        }

        EndLine();
    }

    /// <summary>Prints the pending line, if any text is pending (commands that print the buffer call this).</summary>
    private void FlushLine()
    {
        if (_lineOffset >= 0)
        {
            EndLine();
        }
    }

    private void EndLine()
    {
        if (_runText.Length > 0)
        {
            _lineRuns.Add(new DecodedRun(_runText.ToString(), _runStyle));
            _runText.Clear();
        }

        _blocks.Add(new DecodedTextLine(_lineOffset, _lineAlign, [.. _lineRuns]));
        _lineRuns.Clear();
        _lineOffset = -1;
    }

    private void Command(long offset, string name) => _blocks.Add(new DecodedCommand(offset, name));

    private void Unknown(long offset, ReadOnlySpan<byte> bytes) =>
        _issues.Add(new DecodeIssue(offset, $"Unknown command {Convert.ToHexString(bytes)}"));

    private void Initialize(long offset)
    {
        FlushLine();
        _style = DecodedStyle.Normal;
        _align = TextAlign.Left;
        _table = _powerOnTable;
        _qrModuleSize = 3;
        _qrErrorLevel = 'L';
        _qrData = [];
        _qrModel = 2;
        _starBitImageLine = false;
        _starImageBlock = -1;
        Command(offset, "initialise");
    }

    /// <summary>ESC t / ESC GS t: the command set's numbering (<see cref="CodeTableNumbers"/>), whatever model printed the stream.</summary>
    private void SelectTable(long offset, byte number, FrozenDictionary<byte, CodeTable> numbering, FrozenDictionary<byte, string> unmapped)
    {
        if (numbering.TryGetValue(number, out var table))
        {
            _table = table;
            Command(offset, $"code table {table.Name}");
            return;
        }

        _issues.Add(new DecodeIssue(offset, unmapped.TryGetValue(number, out var name)
            ? $"Code table {number} ({name}) has no mapping here; text stays in {_table.Name}"
            : $"Code table {number} is not known; text stays in {_table.Name}"));
    }
}
