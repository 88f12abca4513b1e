using System.ComponentModel.DataAnnotations;
using KioskRuntime.Devices.Drivers;

namespace KioskRuntime.Simulation.Nexo;

/// <summary>
/// The <c>nexo-simulated</c> driver's options as a profile writes them; the device's <c>path</c> is the simulator's state file.
/// <c>outcomes</c> maps the amount's last 1-4 minor-unit digits to what the terminal does (<c>{"13": "decline"}</c>).
/// </summary>
internal sealed record NexoSimulatedDriverOptions : IDriverOptions
{
    public string SaleId { get; init; } = "kiosk";

    [Range(0, 100)]
    public int InProgressQueries { get; init; } = 2;

    [Range(1, 600)]
    public int PaymentTimeoutSeconds { get; init; } = 150;

    public IReadOnlyDictionary<string, SimulatedOutcome> Outcomes { get; init; } = new Dictionary<string, SimulatedOutcome>();

    /// <summary>The terminal's options, its state in <paramref name="stateFile"/> (memory only when null).</summary>
    public SimulatedNexoTerminalOptions ToTerminalOptions(string? stateFile) => new()
    {
        StateFile = stateFile,
        SaleId = SaleId,
        OutcomeByAmountEnding = Outcomes,
        InProgressQueries = InProgressQueries,
        PaymentTimeout = TimeSpan.FromSeconds(PaymentTimeoutSeconds),
    };

    public IEnumerable<(string Path, string Message)> Validate()
    {
        if (string.IsNullOrWhiteSpace(SaleId))
        {
            yield return ("options.saleId", "expected a non-empty string");
        }

        foreach (var ending in Outcomes.Keys.Where(k => k.Length is 0 or > 4 || !k.All(char.IsAsciiDigit)))
        {
            yield return ($"options.outcomes.{ending}", "expected 1-4 digits of the amount's ending");
        }
    }
}
