namespace KioskRuntime.Scanners.Evdev;

/// <summary>What happens to characters that arrive without a terminator key before the partial-scan timeout.</summary>
public enum PartialScanHandling
{
    /// <summary>Report a <c>ScanRejected</c> naming what arrived.</summary>
    Reject,

    /// <summary>Deliver the characters as a scan.</summary>
    Flush,
}

/// <summary>Options of the <c>evdev</c> (keyboard wedge) driver. Immutable.</summary>
public sealed record EvdevScannerOptions : ScannerNodeOptions
{
    /// <summary>The keyboard layout the scanner is programmed for: <c>us</c>, <c>no</c>, <c>dk</c>, <c>se</c>, <c>de</c>.</summary>
    public string Layout { get; init; } = "us";

    /// <summary><c>auto</c> (by process bitness: 24 on 64-bit, 16 on 32-bit armhf), <c>24</c> or <c>16</c>.</summary>
    public string EventSize { get; init; } = "auto";

    /// <summary>Take the device exclusively (EVIOCGRAB) so scans do not also reach the console.</summary>
    public bool Grab { get; init; } = true;

    public ScanTerminator Terminator { get; init; } = ScanTerminator.Enter;

    /// <summary>Silence after which an unterminated scan ends (ms). Scanners type a character every ≤ 10 ms.</summary>
    public int PartialTimeoutMs { get; init; } = 150;

    public PartialScanHandling PartialScan { get; init; } = PartialScanHandling.Reject;

    /// <summary>The scanner sends the AIM symbology id (<c>]E0</c>…) before the data.</summary>
    public bool AimPrefix { get; init; }

    /// <summary>Code page for Alt+ddd without a leading zero (Windows' OEM code page: 437 US, 850, 865 Nordic).</summary>
    public int OemCodePage { get; init; } = 437;

    internal int ResolvedEventSize => EventSize switch
    {
        "24" => 24,
        "16" => 16,
        _ => InputEventFramer.NativeEventSize,
    };

    protected override void ValidateInto(List<string> problems)
    {
        base.ValidateInto(problems);
        if (!KeyboardLayout.TryGet(Layout, out _))
        {
            problems.Add($"layout: '{Layout}' is not one of {string.Join(", ", KeyboardLayout.Names)}");
        }

        if (EventSize is not ("auto" or "24" or "16"))
        {
            problems.Add($"eventSize: '{EventSize}' is not auto, 24 or 16");
        }

        if (PartialTimeoutMs is < 20 or > 5_000)
        {
            problems.Add($"partialTimeoutMs: {PartialTimeoutMs} is outside 20..5000");
        }

        if (OemCodePage is not (437 or 850 or 865))
        {
            problems.Add($"oemCodePage: {OemCodePage} is not 437, 850 or 865");
        }
    }
}
