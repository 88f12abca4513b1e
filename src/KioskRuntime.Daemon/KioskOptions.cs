namespace KioskRuntime.Daemon;

/// <summary>
/// kioskd's settings (configuration section <c>Kiosk</c>): from appsettings.json, <c>$CONFIGURATION_DIRECTORY/kioskd.json</c>, environment
/// (<c>Kiosk__Upstream</c>) and the command line (<c>--profile</c>, <c>--data-dir</c>, <c>--upstream</c>, <c>--upstream-token</c>). Validated at start-up.
/// </summary>
internal sealed class KioskOptions
{
    public const string Section = "Kiosk";

    /// <summary>The hardware profile. Default: <c>$CONFIGURATION_DIRECTORY/profile.json</c> if present, else the embedded simulated profile.</summary>
    public string? Profile { get; set; }

    /// <summary>Journal and state. Default: <c>$KIOSK_DATA_DIR</c>, <c>$STATE_DIRECTORY</c>, else <c>./kiosk-data</c>.</summary>
    public string? DataDir { get; set; }

    /// <summary>The back office's base URL (upstream contract v1). Empty: run without a back office (everything stays pending).</summary>
    public string? Upstream { get; set; }

    /// <summary>Bearer token for the back office. Also read from the systemd credential <c>upstream-token</c>.</summary>
    public string? UpstreamToken { get; set; }

    /// <summary>Rackbeat as the upstream instead of a contract back office (docs/rackbeat.md); off unless <c>Url</c> is set.</summary>
    public RackbeatSettings Rackbeat { get; set; } = new();

    /// <summary>How long checkout waits for the terminal to answer a status query after an unknown outcome, in total.</summary>
    public int PaymentStatusWindowSeconds { get; set; } = 20;

    /// <summary>Free space the journal leaves on the disk, in MiB.</summary>
    public int DiskReserveMiB { get; set; } = 32;

    /// <summary>
    /// Overrides the profile's screen port (<c>Kiosk__ScreenPort=0</c>: any free port, written to <c>screen-url</c>); for several kiosks
    /// on one machine (tests, benches). Null: the profile's <c>screen.port</c>.
    /// </summary>
    public int? ScreenPort { get; set; }

    /// <summary>Turns the screen API off whatever the profile says (<c>Kiosk__ScreenDisabled=true</c>), for the footprint bench.</summary>
    public bool ScreenDisabled { get; set; }

    /// <summary>
    /// The operator's public keys (<c>*.pub</c>, ECDSA P-256 PEM) that may sign hardware profiles. Default:
    /// <c>$CONFIGURATION_DIRECTORY/trusted-keys</c>, else <c>/etc/kiosk/trusted-keys</c> (docs/profile-signing.md).
    /// </summary>
    public string? TrustedKeysDir { get; set; }

    /// <summary>Development only: run a profile that is unsigned or wrongly signed (kioskctl status then says so). Default off.</summary>
    public bool AllowUnsignedProfiles { get; set; }

    /// <summary>The trusted-keys directory in force.</summary>
    public string ResolveTrustedKeysDir(Func<string, string?> environment) =>
        !string.IsNullOrWhiteSpace(TrustedKeysDir) ? Path.GetFullPath(TrustedKeysDir)
        : environment("CONFIGURATION_DIRECTORY") is { Length: > 0 } dir ? Path.Combine(dir.Split(':')[0], "trusted-keys")
        : "/etc/kiosk/trusted-keys";

    public IEnumerable<string> Validate()
    {
        if (ScreenPort is < 0 or > 65535)
        {
            yield return $"Kiosk:ScreenPort {ScreenPort} is outside 0..65535.";
        }

        if (!string.IsNullOrWhiteSpace(Upstream))
        {
            if (!Uri.TryCreate(Upstream, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                yield return $"Kiosk:Upstream '{Upstream}' is not an absolute http(s) URL.";
            }
            else if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
            {
                yield return $"Kiosk:Upstream '{Upstream}' uses plain HTTP to a host that is not loopback; the contract requires HTTPS.";
            }

            if (string.IsNullOrWhiteSpace(UpstreamToken))
            {
                yield return "Kiosk:UpstreamToken is required with an upstream (--upstream-token, or the systemd credential 'upstream-token').";
            }
        }

        if (Rackbeat.Enabled && !string.IsNullOrWhiteSpace(Upstream))
        {
            yield return "Kiosk:Upstream and Kiosk:Rackbeat:Url are both set; the kiosk has one upstream: choose one.";
        }

        foreach (var problem in Rackbeat.Validate())
        {
            yield return problem;
        }

        if (PaymentStatusWindowSeconds is < 1 or > 600)
        {
            yield return $"Kiosk:PaymentStatusWindowSeconds {PaymentStatusWindowSeconds} is outside 1..600.";
        }

        if (DiskReserveMiB is < 0 or > 4096)
        {
            yield return $"Kiosk:DiskReserveMiB {DiskReserveMiB} is outside 0..4096.";
        }
    }
}
