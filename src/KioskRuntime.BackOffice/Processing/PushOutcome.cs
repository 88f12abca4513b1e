namespace KioskRuntime.BackOffice.Processing;

/// <summary>The answer to one pushed batch; each case maps to one HTTP answer of the contract.</summary>
internal abstract record PushOutcome
{
    /// <summary>200: results for a prefix of the batch, in order.</summary>
    public sealed record Processed(long LastSeq, IReadOnlyList<EventResult> Results) : PushOutcome;

    /// <summary>409 seq-gap: the batch starts after <see cref="ExpectedSeq"/>.</summary>
    public sealed record SeqGap(long ExpectedSeq) : PushOutcome;

    /// <summary>409 fork: another event (other id or hash) is stored under <see cref="Seq"/>.</summary>
    public sealed record Fork(long Seq) : PushOutcome;

    /// <summary>400 invalid: event <see cref="Seq"/> is malformed, or (no seq) the batch itself is.</summary>
    public sealed record Invalid(long? Seq, string Reason) : PushOutcome;
}

/// <summary>One element of the 200 answer's <c>results</c>.</summary>
internal sealed record EventResult(long Seq, string Status, string? Reason)
{
    public const string Accepted = "accepted";
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";
}
