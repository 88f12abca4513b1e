using KioskRuntime.Control;

namespace KioskRuntime.Daemon;

/// <summary>What became of a scan.</summary>
internal sealed record ScanOutcome(bool Accepted, string Message, CartView Cart);

/// <summary>What became of a checkout. <see cref="Succeeded"/> is true only once the sale is durably journaled.</summary>
internal sealed record CheckoutOutcome(bool Succeeded, string Message, long? Seq = null, long? ReceiptNo = null, string? Total = null, string? Receipt = null);

/// <summary>The back office link as the pipeline sees it.</summary>
internal interface IUpstreamLink
{
    /// <summary>False while the back office is unreachable (offline limits apply).</summary>
    bool Online { get; }

    /// <summary>Tells the replay engine that new events are in the journal.</summary>
    void Nudge();
}

/// <summary>Used when no back office is configured: everything stays pending in the journal.</summary>
internal sealed class NoUpstream : IUpstreamLink
{
    public bool Online => false;

    public void Nudge()
    {
    }
}
