namespace KioskRuntime.Barcodes;

/// <summary>Why a barcode payload was rejected, and where.</summary>
/// <param name="Reason">A human-readable reason, e.g. <c>check digit 3, expected 9</c>.</param>
/// <param name="Offset">Zero-based offset in the input the reason refers to, or <see langword="null"/> if it concerns the whole input.
/// It equals the input length when the input ended too early (e.g. an AI with no value).</param>
public sealed record BarcodeParseError(string Reason, int? Offset)
{
    /// <summary>The reason, followed by the offset when there is one.</summary>
    public override string ToString() => Offset is { } offset ? $"{Reason} (at offset {offset})" : Reason;

    internal BarcodeFormatException ToException() => new(ToString(), Offset);
}
