namespace KioskRuntime.Scanners.Serial;

/// <summary>How a serial scanner ends each code.</summary>
public enum SerialFraming
{
    /// <summary>CR, LF or CRLF; empty lines are skipped.</summary>
    Line,
    Cr,
    Lf,
    CrLf,
    /// <summary>The bytes of <see cref="SerialScannerOptions.SuffixHex"/>.</summary>
    Suffix,
    /// <summary>No suffix: a code ends after <see cref="SerialScannerOptions.PartialTimeoutMs"/> of silence.</summary>
    Silence,
}

/// <summary>Options of the <c>serial</c> driver (CDC-ACM <c>/dev/ttyACM*</c>, USB-serial <c>/dev/ttyUSB*</c>). Immutable.</summary>
public sealed record SerialScannerOptions : ScannerNodeOptions
{
    public int Baud { get; init; } = 9600;

    public SerialFraming Framing { get; init; } = SerialFraming.Line;

    /// <summary>The suffix bytes as hex when <see cref="Framing"/> is <see cref="SerialFraming.Suffix"/> (e.g. <c>0d0a</c> or <c>03</c>).</summary>
    public string? SuffixHex { get; init; }

    /// <summary>The scanner sends the AIM symbology id before the data.</summary>
    public bool AimPrefix { get; init; }

    /// <summary><c>latin1</c> (default) or <c>utf-8</c>.</summary>
    public string DataEncoding { get; init; } = "latin1";

    /// <summary>Silence after which an unterminated code is rejected (or, with <see cref="SerialFraming.Silence"/>, delivered) (ms).</summary>
    public int PartialTimeoutMs { get; init; } = 200;

    protected override void ValidateInto(List<string> problems)
    {
        base.ValidateInto(problems);
        if (string.IsNullOrWhiteSpace(Path))
        {
            problems.Add("path: the serial driver needs a device path (use /dev/serial/by-id/… for a stable name)");
        }

        try
        {
            _ = Interop.DeviceFile.BaudConstant(Baud);
        }
        catch (ArgumentOutOfRangeException)
        {
            problems.Add($"baud: {Baud} is not a standard rate (1200…921600)");
        }

        if (Framing == SerialFraming.Suffix &&
            (string.IsNullOrEmpty(SuffixHex) || SuffixHex.Length % 2 != 0 || !SuffixHex.All(char.IsAsciiHexDigit)))
        {
            problems.Add("suffixHex: suffix framing needs the suffix as an even number of hex digits");
        }

        if (DataEncoding is not ("latin1" or "utf-8"))
        {
            problems.Add($"dataEncoding: '{DataEncoding}' is not latin1 or utf-8");
        }

        if (PartialTimeoutMs is < 20 or > 5_000)
        {
            problems.Add($"partialTimeoutMs: {PartialTimeoutMs} is outside 20..5000");
        }
    }
}
