namespace KioskRuntime.Devices;

/// <summary>
/// One decoded barcode as the scanner delivered it: the data (for HID POS exactly the bytes, for keyboard wedges the text after the
/// layout was applied) and the AIM symbology identifier (<c>]E0</c>, <c>]C1</c> …) when the transport carries one.
/// </summary>
public sealed record ScannedCode(string Data, string? SymbologyId, string Source, DateTimeOffset At);

/// <summary>Input that arrived but is not a barcode (a truncated report, garbage bytes). The reader goes on.</summary>
public sealed record ScanRejected(string Source, string Reason, DateTimeOffset At);

/// <summary>Feedback a scanner can give the customer, if its transport allows it (HID POS output report, serial command).</summary>
public enum ScanFeedback
{
    GoodRead,
    Error,
}

/// <summary>Where scanner drivers deliver what they read. Implemented by the sale pipeline. Thread-safe.</summary>
public interface IScanSink
{
    ValueTask OnScannedAsync(ScannedCode code, CancellationToken cancellationToken);

    ValueTask OnRejectedAsync(ScanRejected rejected, CancellationToken cancellationToken);
}

/// <summary>The scanner contract: a device loop that reads codes into the <see cref="IScanSink"/> it was built with.</summary>
public interface IBarcodeScanner : IDevice
{
    /// <summary>Gives feedback (beep, LED) if the device supports it; otherwise returns at once.</summary>
    ValueTask SignalAsync(ScanFeedback feedback, CancellationToken cancellationToken);
}
