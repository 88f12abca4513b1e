namespace KioskRuntime.Devices;

/// <summary>What the printer says about itself (DLE EOT / ASB for ESC/POS). No answer at all is <see cref="Unknown"/>, never offline.</summary>
public enum PrinterCondition
{
    Unknown,
    Ready,
    PaperNearEnd,
    PaperOut,
    CoverOpen,
    Offline,
    CutterError,
}

/// <summary>A print job: the encoded bytes (ESC/POS) and an id that the journal knows the job by.</summary>
public sealed record PrintJob(string JobId, ReadOnlyMemory<byte> Data, string Title);

public enum PrintOutcome
{
    /// <summary>The printer took every byte and confirmed it (status fence) or the transport cannot fail after acceptance.</summary>
    Printed,

    /// <summary>Nothing was printed (printer not ready before the first byte was sent). Safe to print again.</summary>
    NotPrinted,

    /// <summary>Bytes may or may not have reached paper (connection lost mid-job). Never print again silently: offer a copy marked KOPI.</summary>
    Unknown,
}

public sealed record PrintResult(PrintOutcome Outcome, string? Detail);

/// <summary>The receipt printer contract.</summary>
public interface IReceiptPrinter : IDevice
{
    PrinterCondition Condition { get; }

    /// <summary>Prints one job. Returns the outcome; throws only on cancellation.</summary>
    Task<PrintResult> PrintAsync(PrintJob job, CancellationToken cancellationToken);
}
