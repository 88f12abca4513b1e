namespace KioskRuntime.Sync;

/// <summary>
/// A snapshot of the replay engine. Immutable.
/// <see cref="Online"/> means the last request to the back office got an answer from it (any answer but a network failure,
/// a timeout, 5xx, 429 or a credentials refusal); <see cref="OnlineSince"/>/<see cref="OfflineSince"/> say since when.
/// <see cref="Pending"/> counts journal events the back office has not confirmed; <see cref="OldestPendingAge"/> is the age of the
/// first of them. <see cref="Forked"/> means pushing has stopped for good because the back office holds a different history.
/// </summary>
public sealed record ReplayStatus(
    bool Online,
    DateTimeOffset? OnlineSince,
    DateTimeOffset? OfflineSince,
    long Pending,
    long DeliveredSeq,
    TimeSpan? OldestPendingAge,
    DateTimeOffset? LastSuccess,
    string? LastError,
    int DeadLetters,
    bool Forked,
    string? ForkDetail);

/// <summary>
/// An event the back office refused for good (<c>rejected</c>, or <c>invalid</c>: a defect). The event stays in the journal; the
/// refusal is stored upstream, so delivery moves past it. It is sent again only when an operator asks
/// (<see cref="ReplayEngine.RetryDeadLetterAsync"/>).
/// </summary>
public sealed record DeadLetter(long Seq, Guid Id, string Type, string Reason, DateTimeOffset At);
