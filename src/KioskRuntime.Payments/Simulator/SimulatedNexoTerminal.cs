using System.Text.Json;
using KioskRuntime.Devices;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Payments.Simulator;

/// <summary>Options of the <c>nexo-simulated</c> driver: the simulator's behaviour and where it keeps its state.</summary>
public sealed record SimulatedNexoTerminalOptions
{
    /// <summary>State file (the profile's <c>path</c>); keeps charges across kioskd restarts. Null: memory only.</summary>
    public string? StateFile { get; init; }

    public string SaleId { get; init; } = "kiosk";

    public IReadOnlyDictionary<string, SimulatedOutcome> OutcomeByAmountEnding { get; init; } = new Dictionary<string, SimulatedOutcome>();

    public int InProgressQueries { get; init; } = 2;

    public TimeSpan PaymentTimeout { get; init; } = TimeSpan.FromSeconds(150);

    /// <summary>
    /// Test seam: called with the step name and transaction id at the terminal's own steps (<c>terminal-received</c>,
    /// <c>terminal-decided</c>, and for reversals <c>refund-terminal-received</c>, <c>refund-terminal-decided</c>); the end-to-end
    /// tests' kill switch hangs here. Not a profile option; null in the shipped kioskd.
    /// </summary>
    public Action<string, string>? StepReached { get; init; }

    public static (SimulatedNexoTerminalOptions? Options, IReadOnlyList<(string Path, string Message)> Problems) FromJson(JsonElement options, string? path)
    {
        var problems = new List<(string, string)>();
        var outcomes = new Dictionary<string, SimulatedOutcome>(StringComparer.Ordinal);
        string saleId = "kiosk";
        int queries = 2;
        int timeout = 150;
        if (options.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in options.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "saleId" when p.Value.ValueKind == JsonValueKind.String:
                        saleId = p.Value.GetString()!;
                        break;
                    case "inProgressQueries" when p.Value.TryGetInt32(out int q) && q is >= 0 and <= 100:
                        queries = q;
                        break;
                    case "paymentTimeoutSeconds" when p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out int t) && t is >= 1 and <= 600:
                        timeout = t;
                        break;
                    case "outcomes" when p.Value.ValueKind == JsonValueKind.Object:
                        foreach (var o in p.Value.EnumerateObject())
                        {
                            if (!o.Name.All(char.IsAsciiDigit) || o.Name.Length is 0 or > 4)
                            {
                                problems.Add(($"options.outcomes.{o.Name}", "expected 1-4 digits of the amount's ending"));
                            }
                            else if (o.Value.ValueKind != JsonValueKind.String ||
                                !Enum.TryParse<SimulatedOutcome>(o.Value.GetString()!.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var outcome) ||
                                char.IsDigit(o.Value.GetString()![0]))
                            {
                                problems.Add(($"options.outcomes.{o.Name}",
                                    $"{o.Value.GetRawText()} is not one of: {string.Join(", ", Enum.GetNames<SimulatedOutcome>().Select(n => n.ToLowerInvariant()))}"));
                            }
                            else
                            {
                                outcomes[o.Name] = outcome;
                            }
                        }

                        break;
                    case "saleId" or "inProgressQueries" or "paymentTimeoutSeconds" or "outcomes":
                        problems.Add(($"options.{p.Name}", $"bad value {p.Value.GetRawText()}"));
                        break;
                    default:
                        problems.Add(($"options.{p.Name}", "unknown option; this driver takes: saleId, inProgressQueries, paymentTimeoutSeconds, outcomes"));
                        break;
                }
            }
        }

        var result = new SimulatedNexoTerminalOptions
        {
            StateFile = path, SaleId = saleId, OutcomeByAmountEnding = outcomes, InProgressQueries = queries, PaymentTimeout = TimeSpan.FromSeconds(timeout),
        };
        return problems.Count > 0 ? (null, problems) : (result, problems);
    }
}

/// <summary>
/// The <c>nexo-simulated</c> payment terminal: the real <see cref="NexoTerminal"/> driver talking to an in-process
/// <see cref="NexoTerminalSimulator"/> on 127.0.0.1, so the simulated profile exercises the same protocol code as a real terminal.
/// The simulator starts listening in the constructor and stops in <see cref="DisposeAsync"/>. Thread-safe.
/// </summary>
public sealed class SimulatedNexoTerminal : IPaymentTerminal, IAsyncDisposable
{
    public const string DriverName = "nexo-simulated";

    private readonly NexoTerminalSimulator _simulator;
    private readonly NexoTerminal _terminal;

    public SimulatedNexoTerminal(string name, SimulatedNexoTerminalOptions options, TimeProvider time, ILogger<SimulatedNexoTerminal> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _simulator = new NexoTerminalSimulator(
            new NexoSimulatorOptions
            {
                OutcomeByAmountEnding = options.OutcomeByAmountEnding,
                InProgressQueries = options.InProgressQueries,
                StateFile = options.StateFile,
                PaymentStep = options.StepReached is { } hook ? (step, transactionId) => hook(StepName(step), transactionId) : null,
                ReversalStep = options.StepReached is { } reversalHook ? (step, transactionId) => reversalHook("refund-" + StepName(step), transactionId) : null,
            },
            time, (ILogger)logger);
        _simulator.Start();
        _terminal = new NexoTerminal(
            name, new NexoTerminalOptions { Url = _simulator.Url, PoiId = "V400m-000000001", SaleId = options.SaleId, PaymentTimeout = options.PaymentTimeout },
            time, (ILogger)logger);
    }

    /// <summary>What the simulated terminal has seen (for tests and <c>kioskctl</c>).</summary>
    public IReadOnlyList<SimulatedTransaction> Transactions => _simulator.Transactions;

    public string Name => _terminal.Name;

    public DeviceKind Kind => DeviceKind.PaymentTerminal;

    public string Driver => DriverName;

    public DeviceStatus Status => _terminal.Status;

    public ProgressBeacon Progress => _terminal.Progress;

    public Task RunAsync(CancellationToken stoppingToken) => _terminal.RunAsync(stoppingToken);

    public Task<PaymentResult> PayAsync(PaymentRequest request, IProgress<PaymentProgress>? progress, CancellationToken cancellationToken) =>
        _terminal.PayAsync(request, progress, cancellationToken);

    public Task<PaymentResult> GetStatusAsync(string transactionId, string serviceId, CancellationToken cancellationToken) =>
        _terminal.GetStatusAsync(transactionId, serviceId, cancellationToken);

    public Task<PaymentResult> ReverseAsync(ReversalRequest request, CancellationToken cancellationToken) =>
        _terminal.ReverseAsync(request, cancellationToken);

    public Task<PaymentResult> GetReversalStatusAsync(string transactionId, string serviceId, CancellationToken cancellationToken) =>
        _terminal.GetReversalStatusAsync(transactionId, serviceId, cancellationToken);

    private static string StepName(SimulatorStep step) => step == SimulatorStep.Received ? "terminal-received" : "terminal-decided";

    public async ValueTask DisposeAsync()
    {
        _terminal.Dispose();
        await _simulator.DisposeAsync().ConfigureAwait(false);
    }
}
