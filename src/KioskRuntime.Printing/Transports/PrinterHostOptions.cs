namespace KioskRuntime.Printing.Transports;

/// <summary>Timing for a status-polling printer transport. Immutable; <see cref="Validate"/> says what is wrong.</summary>
internal sealed record PrinterHostOptions
{
    /// <summary>Connect (or open) timeout. A pulled cable must not freeze the kiosk.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Time allowed to send one job.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for DLE EOT replies (field notes: poll with a 200–500 ms timeout).</summary>
    public TimeSpan StatusTimeout { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>DLE EOT heartbeat while idle; also keeps TCP 9100 printers from dropping an idle connection.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the job may take to be processed (GS r fence answered) before the outcome is Unknown.</summary>
    public TimeSpan FenceTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Pacing: send jobs in pieces of this many bytes with <see cref="PacingPause"/> between them (0 = no pacing). Cheap printers
    /// without flow control overflow on tall raster images otherwise.
    /// </summary>
    public int PacingChunkBytes { get; init; }

    public TimeSpan PacingPause { get; init; } = TimeSpan.FromMilliseconds(20);

    public TimeSpan ReconnectInitialDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// For printers that never answer status (profile <see cref="StatusSupport.None"/>): print when connected and report
    /// Printed once every byte was written. Off by default: without a fence the outcome is Unknown.
    /// </summary>
    public bool TrustWritesWithoutStatus { get; init; }

    public PrinterHostOptions Validate()
    {
        Positive(ConnectTimeout, nameof(ConnectTimeout));
        Positive(WriteTimeout, nameof(WriteTimeout));
        Positive(StatusTimeout, nameof(StatusTimeout));
        Positive(HeartbeatInterval, nameof(HeartbeatInterval));
        Positive(FenceTimeout, nameof(FenceTimeout));
        Positive(ReconnectInitialDelay, nameof(ReconnectInitialDelay));
        if (PacingChunkBytes < 0 || PacingPause < TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(PacingChunkBytes)} ({PacingChunkBytes}) and {nameof(PacingPause)} ({PacingPause}) must not be negative.");
        }

        if (ReconnectMaxDelay < ReconnectInitialDelay)
        {
            throw new ArgumentException($"{nameof(ReconnectMaxDelay)} ({ReconnectMaxDelay}) is below {nameof(ReconnectInitialDelay)} ({ReconnectInitialDelay}).");
        }

        return this;
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} must be positive, got {value}.", name);
        }
    }
}
