namespace KioskRuntime.Sync.Rackbeat;

/// <summary><c>rackbeat/head</c>: every event up to <see cref="LastSeq"/> has reached Rackbeat (or was refused by it).</summary>
public sealed class RackbeatHeadDocument
{
    public long LastSeq { get; set; }

    public string LastHash { get; set; } = "";
}

/// <summary><c>rackbeat/&lt;seq&gt;</c>: how far one event got, so that a retry after an ambiguous outcome never creates twice.</summary>
public sealed class RackbeatEventDocument
{
    public long Seq { get; set; }

    public string EventId { get; set; } = "";

    /// <summary>Written into Rackbeat's reference field; what a lookup searches for.</summary>
    public string Reference { get; set; } = "";

    /// <summary>The draft order created for a sale (null until Rackbeat confirmed it, or a lookup found it).</summary>
    public long? OrderNumber { get; set; }

    public bool Booked { get; set; }

    /// <summary>A create went out and its outcome is unknown (timeout, reset, 5xx): look the reference up before creating again.</summary>
    public bool CreateAmbiguous { get; set; }

    /// <summary>References of the inventory adjustments already confirmed for this event (one per line).</summary>
    public List<string> AdjustmentsDone { get; set; } = [];

    /// <summary>References of adjustments whose create outcome is unknown.</summary>
    public List<string> AdjustmentsAmbiguous { get; set; } = [];
}
