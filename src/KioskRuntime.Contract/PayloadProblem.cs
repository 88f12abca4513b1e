namespace KioskRuntime.Contract;

/// <summary>An event whose journaled payload is not exactly one JSON value (a journal defect): which one, and what is wrong.</summary>
/// <param name="Seq">The event's seq.</param>
/// <param name="Reason">What is wrong with the payload text, e.g. the JSON reader's message with its byte position.</param>
public sealed record PayloadProblem(long Seq, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => $"seq {Seq}: the payload is not one JSON value ({Reason}); written as a JSON string";
}
