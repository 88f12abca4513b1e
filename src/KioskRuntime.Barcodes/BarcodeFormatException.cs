namespace KioskRuntime.Barcodes;

/// <summary>
/// Thrown by the <c>Parse</c> methods of this library when the input is not a valid barcode payload.
/// The message says what was wrong; <see cref="Offset"/> says where, when a position is meaningful.
/// The <c>TryParse</c> methods and <see cref="BarcodeInterpreter"/> never throw this; they return the same reason instead.
/// </summary>
internal sealed class BarcodeFormatException : FormatException
{
    /// <summary>Creates the exception with a reason and the zero-based character offset it refers to (or <see langword="null"/>).</summary>
    public BarcodeFormatException(string message, int? offset)
        : base(message)
    {
        Offset = offset;
    }

    /// <summary>Creates the exception with a reason and no offset.</summary>
    public BarcodeFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a reason and an inner exception.</summary>
    public BarcodeFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public BarcodeFormatException()
    {
    }

    /// <summary>Zero-based offset in the input where the problem was found, if the problem has a position.</summary>
    public int? Offset { get; }
}
