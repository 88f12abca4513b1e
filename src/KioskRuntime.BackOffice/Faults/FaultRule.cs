namespace KioskRuntime.BackOffice.Faults;

/// <summary>What an injected fault does to a matching request.</summary>
internal enum FaultKind
{
    /// <summary>Answer with <see cref="FaultRule.Status"/> (and <c>Retry-After</c>) without processing.</summary>
    Status,

    /// <summary>Never answer until the client gives up (bounded, cancelled on shutdown), then abort.</summary>
    Hang,

    /// <summary>Abort the connection without answering and without processing.</summary>
    Reset,

    /// <summary>Wait <see cref="FaultRule.DelayMs"/>, then process and answer normally.</summary>
    Slow,

    /// <summary>Process (and store) the request, then abort the connection before answering.</summary>
    CommitThenDrop,
}

/// <summary>One fault rule as configured. Immutable; the remaining count lives in <see cref="FaultInjector"/>.</summary>
/// <param name="Match">"METHOD /path/glob": <c>*</c> matches within one path segment, <c>**</c> across segments; method <c>*</c> matches any.</param>
/// <param name="Count">Fire at most this many times; null for no limit.</param>
/// <param name="Seed">Seed for the probability draw, for a reproducible sequence of hits.</param>
internal sealed record FaultRule(
    string Match,
    FaultKind Fault,
    int? Status,
    int? RetryAfter,
    int? DelayMs,
    double Probability,
    int? Count,
    int? Seed)
{
    /// <summary>Upper bound of a hang, so a forgotten rule cannot hold connections for ever.</summary>
    public static readonly TimeSpan MaxHang = TimeSpan.FromMinutes(10);

    public static string KindText(FaultKind kind) => kind switch
    {
        FaultKind.Status => "status",
        FaultKind.Hang => "hang",
        FaultKind.Reset => "reset",
        FaultKind.Slow => "slow",
        _ => "commit-then-drop",
    };
}
