namespace KioskRuntime.Contract;

/// <summary>
/// One event as the contract carries it: <c>{seq, id, type, occurredAt, payload, hash}</c>. <see cref="PayloadJson"/> is the exact
/// text the journal hashed; it is embedded verbatim, never re-serialised. Immutable.
/// </summary>
/// <param name="Seq">1, 2, 3 … per kiosk, contiguous.</param>
/// <param name="Id">The event's UUID (written as <c>D</c>: 36 characters, lower-case).</param>
/// <param name="Type"><c>sale</c>, <c>return</c>, <c>stock-adjustment</c> …</param>
/// <param name="OccurredAt">When it happened at the kiosk (written with <see cref="ContractTime"/>).</param>
/// <param name="PayloadJson">The payload's JSON text, exactly as journaled.</param>
/// <param name="Hash">The journal's chain hash after this event (lower-case hex).</param>
public readonly record struct ContractEvent(long Seq, Guid Id, string Type, DateTimeOffset OccurredAt, string PayloadJson, string Hash);
