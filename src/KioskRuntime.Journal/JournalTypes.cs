namespace KioskRuntime.Journal;

/// <summary>A committed journal event. <see cref="Hash"/> = SHA-256(previous hash bytes ‖ canonical bytes), lowercase hex.</summary>
public sealed record JournalEntry(long Seq, Guid Id, string Type, DateTimeOffset OccurredAt, string PayloadJson, string PrevHash, string Hash)
{
    /// <summary>The entry as the upstream contract carries it (sync and <c>kioskctl journal export</c> write exactly this).</summary>
    public KioskRuntime.Contract.ContractEvent ToContractEvent() => new(Seq, Id, Type, OccurredAt, PayloadJson, Hash);
}

/// <summary>An event to append. <see cref="PayloadJson"/> is stored and hashed verbatim; <see cref="OccurredAt"/> is kept to the millisecond.</summary>
public sealed record NewEvent(string Type, string PayloadJson, DateTimeOffset OccurredAt);

/// <summary>Whether the journal accepts writes, and if not, exactly why (since when).</summary>
public sealed record JournalHealth(bool CanWrite, string? Reason, DateTimeOffset Since);

/// <summary>
/// Result of walking every entry: contiguous seq, stored prev hash = previous entry's hash, stored hash = recomputed hash.
/// <see cref="ProblemSeq"/>/<see cref="Problem"/> describe the first problem found (null when valid).
/// </summary>
public sealed record JournalVerification(
    bool IsValid,
    long EntryCount,
    long FirstSeq,
    long LastSeq,
    string LastHash,
    IReadOnlyDictionary<string, long> CountsByType,
    long? ProblemSeq,
    string? Problem);

/// <summary>A closed range of sequence numbers.</summary>
public sealed record SeqRange(long From, long To);

/// <summary>
/// What recovery did on open: where the damaged files were quarantined, what was salvaged, which seqs were lost and why.
/// While it is pending, <see cref="KioskJournal.CommitAsync"/> refuses writes until <see cref="KioskJournal.AcceptRecovery"/>.
/// </summary>
public sealed record JournalRecoveryReport(
    DateTimeOffset RecoveredAt,
    string Reason,
    string QuarantineDirectory,
    long SalvagedCount,
    long? SalvagedFirstSeq,
    long? SalvagedLastSeq,
    IReadOnlyList<SeqRange> LostSeqs,
    bool LostUpperBoundKnown,
    long NextSeq,
    IReadOnlyList<string> StateCollectionsSalvaged,
    IReadOnlyList<string> Notes);

/// <summary>Thrown by CommitAsync while the journal is failed closed (or read-only, or awaiting recovery acceptance).</summary>
public sealed class JournalUnavailableException : Exception
{
    public JournalUnavailableException(string reason) : base($"journal unavailable: {reason}") => Reason = reason;

    public JournalUnavailableException(string reason, Exception inner) : base($"journal unavailable: {reason}", inner) => Reason = reason;

    public string Reason { get; }
}

/// <summary>Another process holds journal.lock (normally kioskd). The message names its pid when it wrote one.</summary>
public sealed class JournalLockedException : Exception
{
    public JournalLockedException(string lockPath, int? holderPid)
        : base(holderPid is { } pid
            ? $"the journal is locked by process {pid} ({lockPath}); stop kioskd or use it through kioskctl"
            : $"the journal is locked by another process ({lockPath})")
    {
        LockPath = lockPath;
        HolderPid = holderPid;
    }

    public string LockPath { get; }

    public int? HolderPid { get; }
}
