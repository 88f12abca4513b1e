namespace KioskRuntime.Sync.Rackbeat;

/// <summary><c>rackbeat/head</c>: every event up to <see cref="LastSeq"/> has reached Rackbeat (or was refused by it).</summary>
public sealed class RackbeatHeadDocument
{
    public long LastSeq { get; set; }

    public string LastHash { get; set; } = "";
}
