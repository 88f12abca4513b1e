using KioskRuntime.Payments;
using KioskRuntime.Devices;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Simulation.Nexo;

/// <summary>
/// The simulated payment terminal (drivers <c>nexo-simulated</c> and <c>simulated</c>): the real <see cref="NexoTerminal"/> driver talking to an in-process
/// <see cref="NexoTerminalSimulator"/> on 127.0.0.1, so the simulated profile exercises the same protocol code as a real terminal.
/// The simulator starts listening in the constructor and stops in <see cref="DisposeAsync"/>. Thread-safe.
/// </summary>
public sealed class SimulatedNexoTerminal : IPaymentTerminal, IAsyncDisposable
{
    public const string DriverName = "nexo-simulated";

    /// <summary>The older name of the same terminal, with its option names (<see cref="SimulatedTerminalDriverOptions"/>).</summary>
    public const string LegacyDriverName = "simulated";

    private readonly string _driver;

    private readonly NexoTerminalSimulator _simulator;
    private readonly NexoTerminal _terminal;

    public SimulatedNexoTerminal(string name, SimulatedNexoTerminalOptions options, TimeProvider time, ILogger<SimulatedNexoTerminal> logger)
        : this(name, DriverName, options, time, logger)
    {
    }

    internal SimulatedNexoTerminal(string name, string driver, SimulatedNexoTerminalOptions options, TimeProvider time, ILogger<SimulatedNexoTerminal> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _driver = driver;
        _simulator = new NexoTerminalSimulator(
            new NexoSimulatorOptions
            {
                OutcomeByAmountEnding = options.OutcomeByAmountEnding,
                InProgressQueries = options.InProgressQueries,
                StateFile = options.StateFile,
                PaymentBrand = options.PaymentBrand,
                AnswerDelay = options.AnswerDelay,
                DisconnectDelay = options.DisconnectDelay,
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

    public string Driver => _driver;

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
