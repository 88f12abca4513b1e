using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using KioskRuntime.Devices;
using KioskRuntime.Payments.Nexo;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Payments;

/// <summary>
/// The <c>nexo</c> payment terminal driver: nexo JSON over HTTPS to a semi-integrated terminal on the LAN (Adyen's local Terminal API
/// shape). Card data never reaches the kiosk: answers are read without MaskedPan, only the brand is kept.
/// <para>Crash safety is the caller's half: journal the intent with its <see cref="PaymentRequest.ServiceId"/> (see
/// <see cref="NexoServiceId.New"/>) before <see cref="PayAsync"/>, and after a restart ask <see cref="GetStatusAsync"/> with the same ids.</para>
/// <para>Thread-safe. <see cref="RunAsync"/> probes the terminal and beats; operations work whether or not it runs.</para>
/// </summary>
public sealed partial class NexoTerminal : IPaymentTerminal, IDisposable
{
    public const string DriverName = "nexo";

    private readonly NexoTerminalOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private NexoTransport? _transport;
    private string? _configurationProblem;
    private DeviceStatus _status;
    private int _inFlight;
    private bool _disposed;

    public NexoTerminal(string name, NexoTerminalOptions options, TimeProvider time, ILogger<NexoTerminal> logger)
        : this(name, options, time, (ILogger)logger)
    {
    }

    internal NexoTerminal(string name, NexoTerminalOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"invalid nexo options: {string.Join("; ", problems.Select(p => $"{p.Path}: {p.Message}"))}", nameof(options));
        }

        Name = name;
        _options = options;
        _time = time;
        _logger = logger;
        _status = DeviceStatus.Initial(time);
        Progress = new ProgressBeacon(time);
    }

    public string Name { get; }

    public DeviceKind Kind => DeviceKind.PaymentTerminal;

    public string Driver => DriverName;

    public DeviceStatus Status => Volatile.Read(ref _status);

    public ProgressBeacon Progress { get; }

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        long lastProbe = long.MinValue;
        try
        {
            // The watchdog wants a beat at least once a second: beat every half second, also while a probe waits on the network.
            var beat = TimeSpan.FromMilliseconds(500);
            while (!stoppingToken.IsCancellationRequested && !Volatile.Read(ref _disposed))
            {
                Progress.Beat();
                if (lastProbe == long.MinValue || _time.GetElapsedTime(lastProbe) >= _options.ProbeInterval)
                {
                    lastProbe = _time.GetTimestamp();
                    var probe = ProbeAsync(stoppingToken);
                    while (!probe.IsCompleted && !stoppingToken.IsCancellationRequested)
                    {
                        await Task.WhenAny(probe, Task.Delay(beat, _time, stoppingToken)).ConfigureAwait(false);
                        Progress.Beat();
                    }

                    await probe.ConfigureAwait(false);
                }

                await Task.Delay(beat, _time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException)
        {
            // Disposed under the loop: nothing left to run.
        }

        SetStatus(DeviceState.Stopped, null);
    }

    private async Task ProbeAsync(CancellationToken stoppingToken)
    {
        if (!TryGetTransport(out var transport, out string? problem))
        {
            SetStatus(DeviceState.Failed, problem);
            return;
        }

        using var probeTimeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        probeTimeout.CancelAfter(TimeSpan.FromSeconds(5));
        bool reachable;
        try
        {
            reachable = await transport.ProbeAsync(probeTimeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            reachable = false;
        }

        if (Volatile.Read(ref _inFlight) > 0)
        {
            return;
        }

        if (reachable)
        {
            SetStatus(DeviceState.Ready, _options.Url.Authority);
        }
        else
        {
            SetStatus(DeviceState.Disconnected, $"no connection to {_options.Url.Authority}");
        }
    }

    /// <summary>Builds the transport on first use: loads the pinned root and the passphrase. A problem here is reported, and retried next time.</summary>
    private bool TryGetTransport(out NexoTransport transport, out string? problem)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_transport is not null)
            {
                transport = _transport;
                problem = null;
                return true;
            }

            try
            {
                X509Certificate2? root = _options.Url.Scheme == "https" ? LoadRoot(_options.RootCertificatePath!) : null;
                NexoBlobCipher? cipher = _options.Encryption is { } e
                    ? new NexoBlobCipher(e.KeyIdentifier, e.KeyVersion, File.ReadAllText(e.PassphraseFile).TrimEnd('\r', '\n'))
                    : null;
                _transport = new NexoTransport(_options, root, cipher);
                _configurationProblem = null;
                transport = _transport;
                problem = null;
                return true;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                problem = $"cannot load the terminal's certificate or key: {ex.Message}";
                if (_configurationProblem != problem)
                {
                    _configurationProblem = problem;
                    PaymentsLog.ConfigurationFailed(_logger, Name, problem);
                }

                transport = null!;
                return false;
            }
        }
    }

    private static X509Certificate2 LoadRoot(string path)
    {
        string text = File.ReadAllText(path);
        return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
            ? X509Certificate2.CreateFromPem(text)
            : X509CertificateLoader.LoadCertificateFromFile(path);
    }

    private void SetStatus(DeviceState state, string? detail)
    {
        var old = Status;
        if (old.State == state && old.Detail == detail)
        {
            return;
        }

        Volatile.Write(ref _status, new DeviceStatus(state, detail, _time.GetUtcNow()));
        PaymentsLog.StateChanged(_logger, Name, Driver, state, detail);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _transport?.Dispose();
            _transport = null;
        }
    }
}
