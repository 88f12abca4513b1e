namespace KioskRuntime.BackOffice.Contract;

/// <summary>
/// Thrown inside <see cref="EventParser"/> when an event breaks the contract's shape; the message names the field path
/// (e.g. <c>payload.lines[2].unitPrice</c>) and what was wrong. Never escapes the parser.
/// </summary>
internal sealed class MalformedEventException : Exception
{
    public MalformedEventException(string message, bool holdsCardData = false)
        : base(message)
    {
        HoldsCardData = holdsCardData;
    }

    /// <summary>The event carried card data: it must not be stored or logged as received.</summary>
    public bool HoldsCardData { get; }
}
