using System.Globalization;
using System.Net;

namespace KioskRuntime.Payments;

/// <summary>Which Adyen environment the terminal belongs to; decides the certificate name (<c>&lt;POIID&gt;.test.terminal.adyen.com</c> or <c>.live.</c>).</summary>
public enum TerminalEnvironment
{
    Test,
    Live,
}

/// <summary>NexoBlob encryption: the key's id and version as set up for the terminal, and a file holding the passphrase (e.g. a systemd credential).</summary>
public sealed record NexoEncryptionOptions(string KeyIdentifier, int KeyVersion, string PassphraseFile);

/// <summary>
/// Options of the <c>nexo</c> payment terminal driver. Immutable. A profile's options bind onto <see cref="NexoDriverOptions"/>, which
/// builds these; relative file paths are resolved against the data directory when the driver is registered (<see cref="PaymentDrivers"/>).
/// </summary>
public sealed record NexoTerminalOptions
{
    /// <summary>The terminal's endpoint: <c>https://192.168.1.50:8443/nexo</c>; plain <c>http</c> only to a loopback address (the simulator).</summary>
    public required Uri Url { get; init; }

    /// <summary>The terminal's POIID (model-serial, <c>V400m-324688179</c>); also the first label of its certificate name.</summary>
    public required string PoiId { get; init; }

    /// <summary>This kiosk's SaleID (one per kiosk).</summary>
    public required string SaleId { get; init; }

    /// <summary>How long a payment may take before its outcome is unknown: the issuer has 120 s, each shopper prompt 120 s.</summary>
    public TimeSpan PaymentTimeout { get; init; } = TimeSpan.FromSeconds(150);

    public TimeSpan StatusTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>After the kiosk cancels, how long it still waits for the terminal's answer to the payment (which may still be an approval).</summary>
    public TimeSpan AbortGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often <see cref="NexoTerminal.RunAsync"/> checks that the terminal accepts connections.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>PEM or DER file with the root certificate the terminal's chain must end in (Adyen's terminal root). Required for https.</summary>
    public string? RootCertificatePath { get; init; }

    public TerminalEnvironment Environment { get; init; } = TerminalEnvironment.Test;

    /// <summary>NexoBlob encryption; required by live terminals, optional on test terminals.</summary>
    public NexoEncryptionOptions? Encryption { get; init; }

    /// <summary>The name the terminal's certificate must carry.</summary>
    public string ExpectedCertificateName =>
        $"{PoiId}.{(Environment == TerminalEnvironment.Live ? "live" : "test")}.terminal.adyen.com";

    /// <summary>Lists every problem (empty when valid); each names the option.</summary>
    public IReadOnlyList<(string Path, string Message)> Validate()
    {
        var problems = new List<(string, string)>();
        if (!Url.IsAbsoluteUri || Url.Scheme is not ("https" or "http"))
        {
            problems.Add(("options.url", $"'{Url}' is not an absolute http(s) URL"));
        }
        else if (Url.Scheme == "http" && !(IPAddress.TryParse(Url.Host, out var ip) && IPAddress.IsLoopback(ip)) && Url.Host != "localhost")
        {
            problems.Add(("options.url", $"plain http is allowed only to a loopback address (the simulator), not to {Url.Host}: use https"));
        }
        else if (Url.Scheme == "https" && string.IsNullOrWhiteSpace(RootCertificatePath))
        {
            problems.Add(("options.rootCertificatePath", "required for https: the terminal's root certificate is pinned"));
        }

        if (string.IsNullOrWhiteSpace(PoiId) || PoiId.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            problems.Add(("options.poiId", $"'{PoiId}' is not a POIID (model-serial, letters, digits and '-')"));
        }

        if (string.IsNullOrWhiteSpace(SaleId) || SaleId.Length > 64)
        {
            problems.Add(("options.saleId", "required, at most 64 characters"));
        }

        CheckSpan(problems, "options.paymentTimeoutSeconds", PaymentTimeout, 10, 600);
        CheckSpan(problems, "options.statusTimeoutSeconds", StatusTimeout, 5, 300);
        CheckSpan(problems, "options.abortGraceSeconds", AbortGrace, 1, 300);
        CheckSpan(problems, "options.probeIntervalSeconds", ProbeInterval, 1, 3600);
        if (Environment == TerminalEnvironment.Live && Encryption is null)
        {
            problems.Add(("options.encryption", "live terminals accept only encrypted (NexoBlob) messages"));
        }

        if (Encryption is { } e)
        {
            if (string.IsNullOrWhiteSpace(e.KeyIdentifier))
            {
                problems.Add(("options.encryption.keyIdentifier", "required"));
            }

            if (e.KeyVersion < 0)
            {
                problems.Add(("options.encryption.keyVersion", $"{e.KeyVersion} is negative"));
            }

            if (string.IsNullOrWhiteSpace(e.PassphraseFile))
            {
                problems.Add(("options.encryption.passphraseFile", "required (the passphrase is never written in the profile)"));
            }
        }

        return problems;
    }

    private static void CheckSpan(List<(string, string)> problems, string name, TimeSpan value, int min, int max)
    {
        if (value < TimeSpan.FromSeconds(min) || value > TimeSpan.FromSeconds(max))
        {
            problems.Add((name, $"{value.TotalSeconds.ToString(CultureInfo.InvariantCulture)} is outside {min}..{max} seconds"));
        }
    }
}
