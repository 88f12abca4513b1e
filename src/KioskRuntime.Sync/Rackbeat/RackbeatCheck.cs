namespace KioskRuntime.Sync.Rackbeat;

/// <summary>One answer of the sandbox checklist: what was asked, what the account answered, and whether that matches what the kiosk assumes.</summary>
/// <param name="Verdict"><c>ok</c> (as assumed), <c>differs</c> (the kiosk's assumption is wrong for this account), <c>unknown</c> (could not tell), <c>info</c> (an answer the kiosk does not depend on).</param>
public sealed record RackbeatCheck(string Question, string Verdict, string Answer);
