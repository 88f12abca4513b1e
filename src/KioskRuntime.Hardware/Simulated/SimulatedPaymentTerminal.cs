using System.Globalization;
using System.Text.Json;
using KioskRuntime.Devices;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Hardware.Simulated;

/// <summary>How the simulated terminal answers, chosen by the øre part of the amount (like the public mock terminals do).</summary>
public sealed record SimulatedTerminalBehaviour
{
    /// <summary>Øre endings that are declined (<c>"13"</c> declines 42.13).</summary>
    public IReadOnlyList<string> DeclineEndings { get; init; } = ["13"];

    /// <summary>Øre endings where the terminal approves but the answer never arrives (outcome unknown; a status query says approved).</summary>
    public IReadOnlyList<string> TimeoutEndings { get; init; } = ["14"];

    /// <summary>Øre endings where the terminal is unreachable before it took the request (not charged; status query finds nothing).</summary>
    public IReadOnlyList<string> UnreachableEndings { get; init; } = ["15"];

    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(150);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    public string CardBrand { get; init; } = "Visa";
}

/// <summary>
/// A payment terminal simulator behind the payment contract. It remembers its transactions in a file of its own (as a real terminal keeps
/// them across the kiosk's restarts), so crash recovery can ask it what happened.
/// </summary>
public sealed class SimulatedPaymentTerminal : SimulatedDevice, IPaymentTerminal
{
    private readonly string _ledgerPath;
    private readonly SimulatedTerminalBehaviour _behaviour;
    private readonly Lock _ledgerLock = new();

    public SimulatedPaymentTerminal(string name, string folder, SimulatedTerminalBehaviour behaviour, TimeProvider time, ILogger<SimulatedPaymentTerminal> logger)
        : base(name, DeviceKind.PaymentTerminal, time, logger)
    {
        Directory.CreateDirectory(folder);
        _ledgerPath = Path.Combine(folder, "terminal-transactions.jsonl");
        _behaviour = behaviour;
    }

    public override Task RunAsync(CancellationToken stoppingToken)
    {
        SetStatus(DeviceState.Ready);
        return IdleAsync(stoppingToken);
    }

    public async Task<PaymentResult> PayAsync(PaymentRequest request, IProgress<PaymentProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ending = Ending(request.Amount);
        if (_behaviour.UnreachableEndings.Contains(ending))
        {
            await Task.Delay(_behaviour.Delay, Time, cancellationToken).ConfigureAwait(false);
            return new PaymentResult(PaymentResultKind.Unknown, null, null, null, "terminal unreachable (connection refused)");
        }

        progress?.Report(new PaymentProgress("Present card"));
        await Task.Delay(_behaviour.Delay, Time, cancellationToken).ConfigureAwait(false);
        progress?.Report(new PaymentProgress("Processing"));
        // Like a PSP reference: letters and short digit groups, never a run of digits a receipt check could mistake for a card number.
        var reference = $"SIM-{Time.GetUtcNow():yyMMdd-HHmmss}-{Convert.ToHexString(BitConverter.GetBytes(Random.Shared.Next()))}";
        var declined = _behaviour.DeclineEndings.Contains(ending);
        var result = declined
            ? new PaymentResult(PaymentResultKind.Declined, null, reference, _behaviour.CardBrand, "Refusal: declined by issuer (simulated)")
            : new PaymentResult(PaymentResultKind.Approved, request.Amount, reference, _behaviour.CardBrand, null);
        Remember(request, result);
        if (_behaviour.TimeoutEndings.Contains(ending))
        {
            await Task.Delay(_behaviour.Timeout, Time, cancellationToken).ConfigureAwait(false);
            return new PaymentResult(PaymentResultKind.Unknown, null, null, null, "no answer from the terminal (timeout)");
        }

        return result;
    }

    public Task<PaymentResult> GetStatusAsync(string transactionId, string serviceId, CancellationToken cancellationToken)
    {
        lock (_ledgerLock)
        {
            if (File.Exists(_ledgerPath))
            {
                foreach (var line in File.ReadLines(_ledgerPath).Reverse())
                {
                    var entry = JsonSerializer.Deserialize<LedgerEntry>(line);
                    if (entry is not null && entry.TransactionId == transactionId)
                    {
                        return Task.FromResult(entry.ToResult());
                    }
                }
            }
        }

        return Task.FromResult(new PaymentResult(PaymentResultKind.Unknown, null, null, null, "NotFound: the terminal has no such transaction"));
    }

    public Task<PaymentResult> ReverseAsync(string terminalReference, decimal amount, string currency, CancellationToken cancellationToken)
    {
        var request = new PaymentRequest($"reversal-{terminalReference}", "rev", -amount, currency);
        var result = new PaymentResult(PaymentResultKind.Approved, amount, $"REV{terminalReference}", _behaviour.CardBrand, null);
        Remember(request, result);
        return Task.FromResult(result);
    }

    private void Remember(PaymentRequest request, PaymentResult result)
    {
        var entry = new LedgerEntry(request.TransactionId, request.ServiceId, request.Amount, result.Kind.ToString(), result.TerminalReference, result.CardBrand, result.Reason);
        lock (_ledgerLock)
        {
            File.AppendAllText(_ledgerPath, JsonSerializer.Serialize(entry) + "\n");
        }
    }

    private static string Ending(decimal amount) =>
        ((int)(decimal.Round(Math.Abs(amount) * 100m) % 100m)).ToString("D2", CultureInfo.InvariantCulture);

    private sealed record LedgerEntry(string TransactionId, string ServiceId, decimal Amount, string Result, string? Reference, string? Brand, string? Reason)
    {
        public PaymentResult ToResult() => Enum.Parse<PaymentResultKind>(Result) switch
        {
            PaymentResultKind.Approved => new PaymentResult(PaymentResultKind.Approved, Amount, Reference, Brand, null),
            var kind => new PaymentResult(kind, null, Reference, Brand, Reason),
        };
    }
}
