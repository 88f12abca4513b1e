using System.Device.I2c;

namespace KioskRuntime.Peripherals.Tests.Fakes;

/// <summary>
/// An I2C device that is a PCF8574 backpack with an HD44780 behind it: records every byte written to the port and feeds it to a
/// model of the controller (4/8-bit interface, DDRAM, CGRAM, address counter), so tests assert what the glass would show.
/// </summary>
internal sealed class FakeI2cLcd : I2cDevice
{
    private readonly List<byte> _written = [];
    private bool _eHigh;
    private byte _latched;
    private bool _fourBit;
    private int? _highNibble;
    private int _address;
    private bool _toCgram;

    public FakeI2cLcd() => Array.Fill(Ddram, (byte)' ');

    public byte[] Ddram { get; } = new byte[128];

    public byte[] Cgram { get; } = new byte[64];

    public IReadOnlyList<byte> Written => _written;

    public int DataWrites { get; private set; }

    /// <summary>When set, every transfer throws (the backpack fell off the bus).</summary>
    public bool Fail { get; set; }

    public bool Disposed { get; private set; }

    public override I2cConnectionSettings ConnectionSettings { get; } = new(1, 0x27);

    /// <summary>A row as text, CGRAM codes 0–5 shown as æøåÆØÅ.</summary>
    public string Row(int row, int columns)
    {
        int start = row switch { 0 => 0x00, 1 => 0x40, 2 => 0x14, _ => 0x54 };
        return new string(Ddram.AsSpan(start, columns).ToArray().Select(b => b < 6 ? "æøåÆØÅ"[b] : (char)b).ToArray());
    }

    public byte[] Glyph(int slot) => Cgram.AsSpan(slot * 8, 8).ToArray();

    public override byte ReadByte()
    {
        ThrowIfFailing();
        return 0;
    }

    public override void Read(Span<byte> buffer)
    {
        ThrowIfFailing();
        buffer.Clear();
    }

    public override void WriteByte(byte value)
    {
        ThrowIfFailing();
        _written.Add(value);
        Port(value);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        foreach (byte b in buffer)
        {
            WriteByte(b);
        }
    }

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Write(writeBuffer);
        Read(readBuffer);
    }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }

    private void ThrowIfFailing()
    {
        if (Fail)
        {
            throw new IOException("Error 121 performing I2C data transfer (simulated)");
        }
    }

    // PCF8574 port: P0 RS, P1 RW, P2 E, P3 backlight, P4-P7 D4-D7. The HD44780 latches on E's falling edge.
    private void Port(byte value)
    {
        bool e = (value & 0x04) != 0;
        if (e)
        {
            _latched = value;
        }
        else if (_eHigh && (_latched & 0x02) == 0)
        {
            Nibble((_latched & 0x01) != 0, _latched >> 4);
        }

        _eHigh = e;
    }

    private void Nibble(bool rs, int nibble)
    {
        if (!_fourBit)
        {
            Execute(rs, nibble << 4);
            return;
        }

        if (_highNibble is not { } high)
        {
            _highNibble = nibble;
            return;
        }

        _highNibble = null;
        Execute(rs, (high << 4) | nibble);
    }

    private void Execute(bool rs, int value)
    {
        if (rs)
        {
            DataWrites++;
            if (_toCgram)
            {
                Cgram[_address++ & 0x3F] = (byte)value;
            }
            else
            {
                Ddram[_address++ & 0x7F] = (byte)value;
            }

            return;
        }

        if (value >= 0x80)
        {
            _address = value & 0x7F;
            _toCgram = false;
        }
        else if (value >= 0x40)
        {
            _address = value & 0x3F;
            _toCgram = true;
        }
        else if (value >= 0x20)
        {
            _fourBit = (value & 0x10) == 0;
        }
        else if (value == 0x01)
        {
            Array.Fill(Ddram, (byte)' ');
            _address = 0;
            _toCgram = false;
        }
        else if (value is 0x02 or 0x03)
        {
            _address = 0;
            _toCgram = false;
        }
    }
}
