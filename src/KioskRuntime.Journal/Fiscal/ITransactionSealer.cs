namespace KioskRuntime.Journal.Fiscal;

/// <summary>
/// Runs on the journal's writer thread, inside the write's LiteDB transaction, for every event before it gets its seq and hash:
/// returns the event to store (the same one, or one whose payload carries a seal such as a signature). Its state changes commit
/// or roll back with the write. If it throws, only that write fails (nothing of it is committed) and CommitAsync rethrows.
/// </summary>
public interface ITransactionSealer
{
    NewEvent Seal(IJournalState state, NewEvent candidate);
}
