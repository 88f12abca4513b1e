namespace KioskRuntime.Scanners.Serial;

/// <summary>
/// Cuts a serial byte stream into codes by suffix (CR, LF, CRLF, any line end, or configured bytes). Never throws for any input.
/// Not thread-safe: one per reading loop.
/// </summary>
internal sealed class SerialFrameDecoder
{
    private const int MaxFrame = 8192;
    private readonly SerialFraming _framing;
    private readonly byte[] _suffix;
    private readonly List<byte> _buffer = [];
    private bool _overflow;

    public SerialFrameDecoder(SerialFraming framing, ReadOnlySpan<byte> suffix = default)
    {
        _framing = framing;
        _suffix = framing switch
        {
            SerialFraming.Cr => [0x0D],
            SerialFraming.Lf => [0x0A],
            SerialFraming.CrLf => [0x0D, 0x0A],
            SerialFraming.Suffix when suffix.Length > 0 => suffix.ToArray(),
            SerialFraming.Suffix => throw new ArgumentException("Suffix framing needs suffix bytes.", nameof(suffix)),
            _ => [],
        };
    }

    public bool HasPartial => _buffer.Count > 0 || _overflow;

    /// <summary>Feeds bytes; adds each complete frame (without its suffix) or a rejection to <paramref name="frames"/>.</summary>
    public void Feed(ReadOnlySpan<byte> bytes, List<(byte[]? Frame, string? Problem)> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        foreach (byte b in bytes)
        {
            if (_framing == SerialFraming.Line && b is 0x0D or 0x0A)
            {
                if (_buffer.Count > 0 || _overflow)
                {
                    frames.Add(Take());
                }

                continue;
            }

            if (_buffer.Count >= MaxFrame)
            {
                _overflow = true;
                _buffer.RemoveRange(0, _buffer.Count - _suffix.Length);
            }

            _buffer.Add(b);
            if (_suffix.Length > 0 && EndsWithSuffix())
            {
                _buffer.RemoveRange(_buffer.Count - _suffix.Length, _suffix.Length);
                frames.Add(Take());
            }
        }
    }

    /// <summary>Ends what is buffered (after silence): the bytes so far, or the overflow rejection.</summary>
    public (byte[]? Frame, string? Problem)? Flush() => HasPartial ? Take() : null;

    private bool EndsWithSuffix()
    {
        int n = _suffix.Length;
        if (_buffer.Count < n)
        {
            return false;
        }

        for (int i = 0; i < n; i++)
        {
            if (_buffer[_buffer.Count - n + i] != _suffix[i])
            {
                return false;
            }
        }

        return true;
    }

    private (byte[]? Frame, string? Problem) Take()
    {
        (byte[]? Frame, string? Problem) result = _overflow
            ? (null, $"code longer than {MaxFrame} bytes without a suffix")
            : ([.. _buffer], null);
        _buffer.Clear();
        _overflow = false;
        return result;
    }
}
