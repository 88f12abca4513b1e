namespace KioskRuntime.Scanners.Hid;

/// <summary>A HID report descriptor is malformed. <see cref="Offset"/> is the byte offset of the offending item.</summary>
internal sealed class HidDescriptorException : FormatException
{
    public HidDescriptorException(int offset, string problem)
        : base($"Invalid HID report descriptor at offset {offset}: {problem}")
    {
        Offset = offset;
        Problem = problem;
    }

    public int Offset { get; }

    public string Problem { get; }
}
