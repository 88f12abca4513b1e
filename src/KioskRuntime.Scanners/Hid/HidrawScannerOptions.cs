namespace KioskRuntime.Scanners.Hid;

/// <summary>What to do when the report descriptor cannot be read or has no HID POS scanner collection.</summary>
public enum HidPosFallback
{
    /// <summary>Fail (status Failed, retried slowly).</summary>
    None,

    /// <summary>Assume the Honeywell/Access-IS 64-byte layout (<see cref="HidPosLayout.Honeywell64"/>).</summary>
    Honeywell64,
}

/// <summary>Options of the <c>hidraw</c> (HID POS) driver. Immutable.</summary>
public sealed record HidrawScannerOptions : ScannerNodeOptions
{
    /// <summary>Send the good-read beep (output report) when the sale pipeline accepts a code. Many scanners beep by themselves.</summary>
    public bool BeepOnGoodRead { get; init; }

    /// <summary>Send the error beep when the pipeline rejects a code.</summary>
    public bool BeepOnError { get; init; } = true;

    /// <summary>The report descriptor as hex, overriding HIDIOCGRDESC and sysfs (for devices or test nodes without one).</summary>
    public string? ReportDescriptorHex { get; init; }

    public HidPosFallback Fallback { get; init; } = HidPosFallback.None;

    /// <summary><c>latin1</c> (each byte is one char, default) or <c>utf-8</c> (for QR codes carrying UTF-8 text).</summary>
    public string DataEncoding { get; init; } = "latin1";

    /// <summary>How long a continued scan may wait for its next report before it is rejected (ms).</summary>
    public int ContinuationTimeoutMs { get; init; } = 500;

    protected override void ValidateInto(List<string> problems)
    {
        base.ValidateInto(problems);
        if (ReportDescriptorHex is not null && (ReportDescriptorHex.Length % 2 != 0 || !ReportDescriptorHex.All(char.IsAsciiHexDigit)))
        {
            problems.Add("reportDescriptorHex: not an even number of hex digits");
        }

        if (DataEncoding is not ("latin1" or "utf-8"))
        {
            problems.Add($"dataEncoding: '{DataEncoding}' is not latin1 or utf-8");
        }

        if (ContinuationTimeoutMs is < 20 or > 10_000)
        {
            problems.Add($"continuationTimeoutMs: {ContinuationTimeoutMs} is outside 20..10000");
        }
    }
}
