namespace KioskRuntime.Sync.Rackbeat;

/// <summary>One inventory adjustment: read the location's quantity, create a draft with the target, book it.</summary>
public sealed class RackbeatAdjustmentStep
{
    public string Item { get; set; } = "";

    public decimal Delta { get; set; }

    /// <summary>The reason text sent (category, reference, kiosk reason): also what a lookup matches exactly.</summary>
    public string Reason { get; set; } = "";

    /// <summary>The location's on-hand the target was computed from.</summary>
    public decimal? ReadQuantity { get; set; }

    public decimal? Target { get; set; }

    /// <summary>The create went out and its answer is unknown.</summary>
    public bool CreatePending { get; set; }

    public long? Id { get; set; }

    public bool BookPending { get; set; }

    public bool Booked { get; set; }
}
