namespace KioskRuntime.Journal;

/// <summary>Where the journal lives and how it commits. Immutable.</summary>
public sealed record JournalOptions
{
    /// <summary>Directory holding journal.db, journal-log.db, journal.lock, quarantine/ and recovery reports.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The data file name; the log is "&lt;name&gt;-log&lt;ext&gt;" (journal-log.db). The two are always one unit.</summary>
    public string FileName { get; init; } = "journal.db";

    /// <summary>Free bytes that must remain on the file system: a group is refused (fail closed) rather than eat into them.</summary>
    public long DiskReserveBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Upper bound of events in one group commit (one LiteDB transaction, one durable sync).</summary>
    public int MaxEventsPerGroup { get; init; } = 256;

    /// <summary>
    /// Runs on the writer thread for every event, inside its transaction, before the event gets its seq and hash (kioskd: the
    /// fiscal signature of sales and returns, <see cref="Fiscal.FiscalSealer"/>). Null: events are stored as given.
    /// </summary>
    public Fiscal.ITransactionSealer? Sealer { get; init; }

    internal string DataPath => Path.Combine(DataDirectory, FileName);

    internal string LogPath => Path.Combine(DataDirectory, Path.GetFileNameWithoutExtension(FileName) + "-log" + Path.GetExtension(FileName));

    internal string LockPath => Path.Combine(DataDirectory, "journal.lock");

    internal string PendingRecoveryPath => Path.Combine(DataDirectory, "journal-recovery-pending.json");

    internal string QuarantineDirectory => Path.Combine(DataDirectory, "quarantine");

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("JournalOptions.DataDirectory is empty", nameof(DataDirectory));
        }

        if (string.IsNullOrWhiteSpace(FileName) || FileName.IndexOfAny(['/', '\0']) >= 0)
        {
            throw new ArgumentException($"JournalOptions.FileName \"{FileName}\" is not a plain file name", nameof(FileName));
        }

        if (DiskReserveBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(DiskReserveBytes), DiskReserveBytes, "the disk reserve cannot be negative");
        }

        if (MaxEventsPerGroup < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxEventsPerGroup), MaxEventsPerGroup, "a group holds at least one event");
        }
    }
}
