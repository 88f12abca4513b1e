using KioskRuntime.Devices;

namespace KioskRuntime.Printing.EscPos.Status;

/// <summary>
/// Reads Star's automatic status (ASB; also the reply to ESC ACK SOH) from the back channel, byte by byte: the same result for
/// any split. From Star's "STAR Line Mode Command Specifications", automatic status section:
/// <list type="bullet">
/// <item>Header 1 (byte 1): bit 0 = 1, bits 4 and 7 = 0; the frame's byte count in bits 1–3 and 5 (n = b1..b3 + 8·b5: 0x0F is
/// 7 bytes, 0x21 is 8, 0x23 is 9). Every other status byte has bits 0, 4 and 7 = 0.</item>
/// <item>Header 2 (byte 2): the status version; bit 7 set (Ethernet) means a 2-byte length and that many bytes of status data
/// (ENQ/EOT/ESC GS y I replies) follow the frame.</item>
/// <item>Printer status 1 (byte 3): bit 2 drawer (compulsion switch) closed, bit 3 offline, bit 5 cover open.
/// Status 2 (byte 4): bit 2 mechanical error, bit 3 auto-cutter error, bit 5 unrecoverable error, bit 6 stopped by head
/// temperature. Status 3 (byte 5): bit 6 receive buffer overflow. Status 4 (byte 6): bit 1 near end (outer), bit 2 near end
/// (inner), bit 3 paper end. Status 6 (byte 8, when sent): the ETB counter in bits 1, 2, 3, 5, 6.</item>
/// </list>
/// Bytes that break these rules are counted in <see cref="MalformedBytes"/> and reading starts over at the next header; nothing
/// throws. Not thread-safe: owned by one transport loop.
/// </summary>
public sealed class StarStatusReader
{
    private const int MaxExtensionLength = 0x200;

    private readonly byte[] _frame = new byte[15];
    private int _expected;
    private int _count;
    private int _extensionLengthBytes;
    private int _extensionLeft;

    /// <summary>The last complete frame's status; <see cref="PrinterStatus.None"/> (condition Unknown) before the first.</summary>
    public PrinterStatus Status { get; private set; }

    public PrinterCondition Condition => Status.Condition;

    /// <summary>Complete, well-formed frames read.</summary>
    public long Frames { get; private set; }

    /// <summary>Bytes that were not part of a well-formed frame.</summary>
    public long MalformedBytes { get; private set; }

    /// <summary>The ETB counter from the last frame that carried printer status 6 (null when none did).</summary>
    public int? EtbCounter { get; private set; }

    /// <summary>True when <paramref name="b"/> can start a frame (header 1 with a byte count of at least 7).</summary>
    public static bool IsHeader(byte b) => (b & 0x91) == 0x01 && FrameLength(b) >= 7;

    /// <summary>The byte count a header 1 announces.</summary>
    public static int FrameLength(byte header) => ((header >> 1) & 0x07) | ((header >> 2) & 0x08);

    public void Feed(ReadOnlySpan<byte> input)
    {
        foreach (var b in input)
        {
            Take(b);
        }
    }

    /// <summary>Forgets a half-read frame (after a reconnect); the last status stays.</summary>
    public void Reset()
    {
        _expected = _count = _extensionLengthBytes = _extensionLeft = 0;
    }

    private void Take(byte b)
    {
        if (_extensionLengthBytes > 0)
        {
            _extensionLeft = (_extensionLeft << 8) | b;
            if (--_extensionLengthBytes == 0 && _extensionLeft > MaxExtensionLength)
            {
                MalformedBytes += 2;
                _extensionLeft = 0;
            }

            return;
        }

        if (_extensionLeft > 0)
        {
            _extensionLeft--; // status data (ENQ/EOT/QR replies) after an extended frame: not status we track
            return;
        }

        if (_count == 0)
        {
            if (IsHeader(b))
            {
                _expected = Math.Min(FrameLength(b), _frame.Length);
                _frame[_count++] = b;
            }
            else
            {
                MalformedBytes++;
            }

            return;
        }

        var valid = _count == 1 ? (b & 0x11) == 0 : (b & 0x91) == 0;
        if (!valid)
        {
            MalformedBytes += _count;
            _count = 0;
            Take(b); // it may be the next header
            return;
        }

        _frame[_count++] = b;
        if (_count == _expected)
        {
            Status = PrinterStatus.None.WithStarAsb(_frame.AsSpan(0, _count));
            if (_count >= 8)
            {
                var s6 = _frame[7];
                EtbCounter = ((s6 >> 1) & 0x07) | ((s6 >> 2) & 0x18);
            }

            Frames++;
            _extensionLengthBytes = (_frame[1] & 0x80) != 0 ? 2 : 0;
            _count = 0;
        }
    }
}
