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

    public Task<PaymentResult> GetStatusAsync(string transactionId, string serviceId, CancellationToken cancellationToken) =>
        Task.FromResult(
            Find(e => e.Operation is null or Payment && e.TransactionId == transactionId)?.ToResult()
            ?? new PaymentResult(PaymentResultKind.Unknown, null, null, null, "NotFound: the terminal has no such transaction"));

    /// <summary>
    /// Reverses an approved payment of this terminal once, and records the reversal (whatever its outcome) under the request's ids:
    /// a reference it never approved, or one already reversed, is declined.
    /// </summary>
    public Task<PaymentResult> ReverseAsync(ReversalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        lock (_ledgerLock)
        {
            var entries = ReadLedger();
            string reference = request.TerminalReference;
            bool approved = entries.Any(e => e.Operation is null or Payment && e.Reference == reference && e.Result == nameof(PaymentResultKind.Approved));
            bool reversed = entries.Any(e =>
                (e.Operation == Reversal && e.Reference == reference && e.Result == nameof(PaymentResultKind.Approved)) ||
                (e.Operation is null && e.TransactionId == "reversal-" + reference)); // as ledgers written before reversals had ids recorded them
            var result = (approved, reversed) switch
            {
                (false, _) => new PaymentResult(PaymentResultKind.Declined, null, reference, null, "NotFound: no approved payment with that reference"),
                (true, true) => new PaymentResult(PaymentResultKind.Declined, null, reference, null, "NotAllowed: already reversed"),
                _ => new PaymentResult(PaymentResultKind.Approved, request.Amount, reference, _behaviour.CardBrand, "Reversed"),
            };
            AppendUnlocked(new LedgerEntry(request.TransactionId, request.ServiceId, request.Amount, result.Kind.ToString(), reference, result.CardBrand, result.Reason, Reversal));
            return Task.FromResult(result);
        }
    }

    /// <summary>What became of a reversal, found by the ids it was sent with; never a payment filed under the same ids.</summary>
    public Task<PaymentResult> GetReversalStatusAsync(string transactionId, string serviceId, CancellationToken cancellationToken) =>
        Task.FromResult(
            Find(e => e.Operation == Reversal && e.TransactionId == transactionId && e.ServiceId == serviceId)?.ToResult()
            ?? new PaymentResult(PaymentResultKind.Unknown, null, null, null, "NotFound: the terminal has no such reversal"));

    private void Remember(PaymentRequest request, PaymentResult result)
    {
        lock (_ledgerLock)
        {
            AppendUnlocked(new LedgerEntry(
                request.TransactionId, request.ServiceId, request.Amount, result.Kind.ToString(), result.TerminalReference, result.CardBrand, result.Reason, Payment));
        }
    }

    /// <summary>Call with <see cref="_ledgerLock"/> held.</summary>
    private void AppendUnlocked(LedgerEntry entry) => File.AppendAllText(_ledgerPath, JsonSerializer.Serialize(entry) + "\n");

    /// <summary>The latest ledger entry that matches.</summary>
    private LedgerEntry? Find(Func<LedgerEntry, bool> match)
    {
        lock (_ledgerLock)
        {
            return ReadLedger().LastOrDefault(match);
        }
    }

    private List<LedgerEntry> ReadLedger() =>
        File.Exists(_ledgerPath)
            ? File.ReadLines(_ledgerPath).Select(line => JsonSerializer.Deserialize<LedgerEntry>(line)).OfType<LedgerEntry>().ToList()
            : [];

    private static string Ending(decimal amount) =>
        ((int)(decimal.Round(Math.Abs(amount) * 100m) % 100m)).ToString("D2", CultureInfo.InvariantCulture);

    private const string Payment = "payment";
    private const string Reversal = "reversal";

    /// <summary>One ledger line. <see cref="Operation"/> is <c>payment</c> or <c>reversal</c>; lines written before it existed are payments.</summary>
    private sealed record LedgerEntry(
        string TransactionId, string ServiceId, decimal Amount, string Result, string? Reference, string? Brand, string? Reason, string? Operation = null)
    {
        public PaymentResult ToResult() => Enum.Parse<PaymentResultKind>(Result) switch
        {
            PaymentResultKind.Approved => new PaymentResult(PaymentResultKind.Approved, Amount, Reference, Brand, null),
            var kind => new PaymentResult(kind, null, Reference, Brand, Reason),
        };
    }
}
