using System.ComponentModel.DataAnnotations;
using KioskRuntime.Devices.Drivers;

namespace KioskRuntime.Simulation.Nexo;

/// <summary>
/// The older <c>simulated</c> payment terminal's options, kept for profiles that name it. The terminal is the same as
/// <c>nexo-simulated</c> (the real nexo driver against the in-process simulator); these options say which amount endings (øre) are
/// declined, approved with the answer lost (the connection drops after <c>timeoutMs</c>), or never reach the terminal; <c>path</c> is
/// the folder for the simulator's state (<c>nexo-terminal.json</c>).
/// </summary>
internal sealed record SimulatedTerminalDriverOptions : IDriverOptions
{
    /// <summary>The state file's name inside the device's folder.</summary>
    public const string StateFileName = "nexo-terminal.json";

    public IReadOnlyList<string> DeclineEndings { get; init; } = ["13"];

    public IReadOnlyList<string> TimeoutEndings { get; init; } = ["14"];

    public IReadOnlyList<string> UnreachableEndings { get; init; } = ["15"];

    /// <summary>How long the terminal takes to answer (the card being presented).</summary>
    [Range(0, 600_000)]
    public int DelayMs { get; init; } = 150;

    /// <summary>How long a payment whose answer is lost holds the connection before it drops.</summary>
    [Range(0, 600_000)]
    public int TimeoutMs { get; init; } = 2000;

    public string CardBrand { get; init; } = "Visa";

    /// <summary>The terminal's options, its state in <paramref name="folder"/>.</summary>
    public SimulatedNexoTerminalOptions ToTerminalOptions(string folder, string saleId)
    {
        var outcomes = new Dictionary<string, SimulatedOutcome>(StringComparer.Ordinal);
        foreach (var ending in UnreachableEndings)
        {
            outcomes[ending] = SimulatedOutcome.Lose;
        }

        foreach (var ending in TimeoutEndings)
        {
            outcomes[ending] = SimulatedOutcome.ApproveThenDisconnect;
        }

        foreach (var ending in DeclineEndings)
        {
            outcomes[ending] = SimulatedOutcome.Decline;
        }

        return new SimulatedNexoTerminalOptions
        {
            StateFile = Path.Combine(folder, StateFileName),
            SaleId = saleId,
            OutcomeByAmountEnding = outcomes,
            PaymentBrand = CardBrand,
            AnswerDelay = TimeSpan.FromMilliseconds(DelayMs),
            DisconnectDelay = TimeSpan.FromMilliseconds(TimeoutMs),
        };
    }

    public IEnumerable<(string Path, string Message)> Validate()
    {
        foreach (var (name, endings) in new[] { ("declineEndings", DeclineEndings), ("timeoutEndings", TimeoutEndings), ("unreachableEndings", UnreachableEndings) })
        {
            var i = 0;
            foreach (var ending in endings)
            {
                if (ending is null || ending.Length is 0 or > 4 || !ending.All(char.IsAsciiDigit))
                {
                    yield return ($"options.{name}[{i}]", "expected 1-4 digits of the amount's ending");
                }

                i++;
            }
        }

        if (string.IsNullOrWhiteSpace(CardBrand))
        {
            yield return ("options.cardBrand", "expected a non-empty string");
        }
    }
}
