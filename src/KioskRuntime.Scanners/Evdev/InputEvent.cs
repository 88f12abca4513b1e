using System.Buffers.Binary;

namespace KioskRuntime.Scanners.Evdev;

/// <summary>One <c>struct input_event</c> without its timestamp (include/uapi/linux/input.h). Immutable.</summary>
public readonly record struct InputEvent(ushort Type, ushort Code, int Value)
{
    public const ushort EV_SYN = 0x00;
    public const ushort EV_KEY = 0x01;
    public const ushort EV_MSC = 0x04;
    public const ushort EV_LED = 0x11;
    public const ushort EV_REP = 0x14;
}

/// <summary>
/// Splits the byte stream read from an evdev node into events. <c>struct input_event</c> is 24 bytes for 64-bit userspace
/// (timeval of two 8-byte longs) and 16 bytes for 32-bit userspace such as armhf Raspberry Pi OS (two 4-byte longs); type, code and
/// value follow the timestamp. Keeps a partial record across reads (a FIFO may split one). Not thread-safe.
/// </summary>
public sealed class InputEventFramer
{
    private readonly byte[] _carry;
    private int _carryLength;

    public InputEventFramer(int eventSize)
    {
        if (eventSize is not (16 or 24))
        {
            throw new ArgumentOutOfRangeException(nameof(eventSize), eventSize, "struct input_event is 16 or 24 bytes.");
        }

        EventSize = eventSize;
        _carry = new byte[eventSize];
    }

    /// <summary>The size this process's kernel ABI uses: 24 in a 64-bit process, 16 in a 32-bit one.</summary>
    public static int NativeEventSize => Environment.Is64BitProcess ? 24 : 16;

    public int EventSize { get; }

    /// <summary>Decodes every complete event in <paramref name="bytes"/> (after any carried partial one) into <paramref name="events"/>.</summary>
    public void Decode(ReadOnlySpan<byte> bytes, List<InputEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (_carryLength > 0)
        {
            int take = Math.Min(EventSize - _carryLength, bytes.Length);
            bytes[..take].CopyTo(_carry.AsSpan(_carryLength));
            _carryLength += take;
            bytes = bytes[take..];
            if (_carryLength < EventSize)
            {
                return;
            }

            events.Add(Read(_carry));
            _carryLength = 0;
        }

        while (bytes.Length >= EventSize)
        {
            events.Add(Read(bytes[..EventSize]));
            bytes = bytes[EventSize..];
        }

        bytes.CopyTo(_carry);
        _carryLength = bytes.Length;
    }

    /// <summary>Encodes an event in this framer's layout (timestamp zero); used by tests and the benchmark to write kernel bytes.</summary>
    public static byte[] Encode(int eventSize, InputEvent e, long seconds = 0, long microseconds = 0)
    {
        var bytes = new byte[eventSize];
        int t = eventSize - 8;
        if (eventSize == 24)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes, seconds);
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), microseconds);
        }
        else
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes, (int)seconds);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), (int)microseconds);
        }

        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(t), e.Type);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(t + 2), e.Code);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(t + 4), e.Value);
        return bytes;
    }

    private InputEvent Read(ReadOnlySpan<byte> record)
    {
        int t = EventSize - 8;
        return new InputEvent(
            BinaryPrimitives.ReadUInt16LittleEndian(record[t..]),
            BinaryPrimitives.ReadUInt16LittleEndian(record[(t + 2)..]),
            BinaryPrimitives.ReadInt32LittleEndian(record[(t + 4)..]));
    }
}
