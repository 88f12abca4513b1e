using KioskRuntime.Payments;

namespace KioskRuntime.Simulation.Nexo;

/// <summary>
/// Options of <see cref="SimulatedNexoTerminal"/>: the simulator's behaviour and where it keeps its state. Profiles write them as
/// <see cref="NexoSimulatedDriverOptions"/> (or, for the older <c>simulated</c> driver, <see cref="SimulatedTerminalDriverOptions"/>). Immutable.
/// </summary>
public sealed record SimulatedNexoTerminalOptions
{
    /// <summary>State file (the profile's <c>path</c>); keeps charges across kioskd restarts. Null: memory only.</summary>
    public string? StateFile { get; init; }

    public string SaleId { get; init; } = "kiosk";

    public IReadOnlyDictionary<string, SimulatedOutcome> OutcomeByAmountEnding { get; init; } = new Dictionary<string, SimulatedOutcome>();

    public int InProgressQueries { get; init; } = 2;

    public TimeSpan PaymentTimeout { get; init; } = TimeSpan.FromSeconds(150);

    /// <summary>The card brand the terminal reports.</summary>
    public string PaymentBrand { get; init; } = "visa";

    /// <summary>See <see cref="NexoSimulatorOptions.AnswerDelay"/>.</summary>
    public TimeSpan AnswerDelay { get; init; }

    /// <summary>See <see cref="NexoSimulatorOptions.DisconnectDelay"/>.</summary>
    public TimeSpan DisconnectDelay { get; init; }

    /// <summary>
    /// Test seam: called with the step name and transaction id at the terminal's own steps (<c>terminal-received</c>,
    /// <c>terminal-decided</c>, and for reversals <c>refund-terminal-received</c>, <c>refund-terminal-decided</c>); the end-to-end
    /// tests' kill switch hangs here. Not a profile option; null in the shipped kioskd.
    /// </summary>
    public Action<string, string>? StepReached { get; init; }
}
