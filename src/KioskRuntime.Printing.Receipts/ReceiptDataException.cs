namespace KioskRuntime.Printing.Receipts;

/// <summary>The receipt data cannot be printed as it is; <see cref="Field"/> names the offending field.</summary>
public sealed class ReceiptDataException : Exception
{
    public ReceiptDataException(string field, string message)
        : base($"{field}: {message}")
    {
        Field = field;
    }

    /// <summary>The field path, e.g. <c>Lines[2].Quantity</c>.</summary>
    public string Field { get; }
}
