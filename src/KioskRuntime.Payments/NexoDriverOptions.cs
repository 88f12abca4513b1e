using KioskRuntime.Devices.Drivers;

namespace KioskRuntime.Payments;

/// <summary>
/// The <c>nexo</c> driver's options as a profile writes them (bound by <see cref="DriverOptionsBinder"/>; the device's <c>path</c> is
/// the URL when <c>url</c> is absent). <see cref="ToTerminalOptions"/> gives the driver's <see cref="NexoTerminalOptions"/>. Immutable.
/// </summary>
internal sealed record NexoDriverOptions : IDriverOptions
{
    /// <summary>The terminal's endpoint (<c>https://192.168.1.50:8443/nexo</c>).</summary>
    public required string Url { get; init; }

    public required string PoiId { get; init; }

    public required string SaleId { get; init; }

    public int PaymentTimeoutSeconds { get; init; } = 150;

    public int StatusTimeoutSeconds { get; init; } = 60;

    public int AbortGraceSeconds { get; init; } = 30;

    public int ProbeIntervalSeconds { get; init; } = 30;

    public string? RootCertificatePath { get; init; }

    public TerminalEnvironment Environment { get; init; } = TerminalEnvironment.Test;

    public NexoEncryptionOptions? Encryption { get; init; }

    /// <summary>The driver's options (call only once <see cref="Validate"/> found nothing).</summary>
    public NexoTerminalOptions ToTerminalOptions() => new()
    {
        Url = new Uri(Url, UriKind.Absolute),
        PoiId = PoiId,
        SaleId = SaleId,
        Environment = Environment,
        RootCertificatePath = RootCertificatePath,
        Encryption = Encryption,
        PaymentTimeout = TimeSpan.FromSeconds(PaymentTimeoutSeconds),
        StatusTimeout = TimeSpan.FromSeconds(StatusTimeoutSeconds),
        AbortGrace = TimeSpan.FromSeconds(AbortGraceSeconds),
        ProbeInterval = TimeSpan.FromSeconds(ProbeIntervalSeconds),
    };

    public IEnumerable<(string Path, string Message)> Validate() =>
        Uri.TryCreate(Url, UriKind.Absolute, out _)
            ? ToTerminalOptions().Validate()
            : [("options.url", $"'{Url}' is not an absolute URL")];
}
