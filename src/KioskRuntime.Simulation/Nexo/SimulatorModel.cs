using System.Security.Cryptography.X509Certificates;

namespace KioskRuntime.Simulation.Nexo;

/// <summary>What the simulated terminal does with a payment.</summary>
public enum SimulatedOutcome
{
    /// <summary>Charges and answers Success.</summary>
    Approve,

    /// <summary>Answers Failure/Refusal; nothing charged.</summary>
    Decline,

    /// <summary>Never answers (the customer walked away, the terminal hangs); stays in progress until aborted. Nothing charged.</summary>
    NoAnswer,

    /// <summary>Charges, then drops the connection without answering. Status queries tell the truth: approved.</summary>
    ApproveThenDisconnect,

    /// <summary>Charges, then answers with a body cut off in the middle: the kiosk cannot know. Status: approved.</summary>
    UnknownOutcome,

    /// <summary>Holds the payment; status queries answer InProgress <see cref="NexoSimulatorOptions.InProgressQueries"/> times, then it is approved (and answered, if the connection is still there).</summary>
    InProgressThenApprove,

    /// <summary>Drops the connection without reading the request: the terminal never received it. Status: NotFound.</summary>
    Lose,
}

/// <summary>
/// Points in the handling of a payment (or reversal) request, reported to <see cref="NexoSimulatorOptions.PaymentStep"/> (or
/// <see cref="NexoSimulatorOptions.ReversalStep"/>).
/// </summary>
internal enum SimulatorStep
{
    /// <summary>The payment request has arrived and been read; nothing is decided or recorded yet.</summary>
    Received,

    /// <summary>The outcome is decided and durably in the state file; the answer has not been sent (not reported for <see cref="SimulatedOutcome.Lose"/>).</summary>
    Decided,
}

/// <summary>Where a simulated transaction stands.</summary>
public enum SimulatedState
{
    InProgress,
    Approved,
    Declined,
    Aborted,
    Reversed,
}

/// <summary>A payment the simulator received (a snapshot). <see cref="Charged"/> is whether the customer's money is taken now.</summary>
public sealed record SimulatedTransaction(
    string SaleId,
    string ServiceId,
    string TransactionId,
    decimal Amount,
    string Currency,
    SimulatedOutcome Outcome,
    SimulatedState State,
    string PoiTransactionId)
{
    public bool Charged => State == SimulatedState.Approved;
}

/// <summary>
/// A reversal the simulator recorded (a snapshot), under the SaleID/ServiceID of its request. <see cref="Reversed"/> is whether it gave
/// the money back; otherwise <see cref="ErrorCondition"/> says why not (e.g. <c>NotAllowed</c> for a second reversal).
/// </summary>
internal sealed record SimulatedReversal(
    string SaleId,
    string ServiceId,
    string? TransactionId,
    string OriginalPoiTransactionId,
    decimal? Amount,
    bool Reversed,
    string? ErrorCondition);

/// <summary>Options of <see cref="NexoTerminalSimulator"/>. Immutable.</summary>
internal sealed record NexoSimulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    public string PoiId { get; init; } = "V400m-000000001";

    /// <summary>Outcome chosen by how the amount's minor units end (<c>"13"</c> matches 10.13 and 1.13; the longest match wins).</summary>
    public IReadOnlyDictionary<string, SimulatedOutcome> OutcomeByAmountEnding { get; init; } = new Dictionary<string, SimulatedOutcome>();

    public SimulatedOutcome DefaultOutcome { get; init; } = SimulatedOutcome.Approve;

    /// <summary>How many status queries answer InProgress before an <see cref="SimulatedOutcome.InProgressThenApprove"/> payment is approved.</summary>
    public int InProgressQueries { get; init; } = 2;

    /// <summary>Serve TLS with this certificate (with private key); plain HTTP when null.</summary>
    public X509Certificate2? ServerCertificate { get; init; }

    /// <summary>NexoBlob key: when set, requests must be sealed with it and answers are sealed.</summary>
    public (string KeyIdentifier, int KeyVersion, string Passphrase)? Key { get; init; }

    public string PaymentBrand { get; init; } = "visa";

    /// <summary>How long the terminal takes before it answers (or drops) a request: the card being presented. Zero by default.</summary>
    public TimeSpan AnswerDelay { get; init; }

    /// <summary>How long an <see cref="SimulatedOutcome.ApproveThenDisconnect"/> payment holds the connection before dropping it.</summary>
    public TimeSpan DisconnectDelay { get; init; }

    /// <summary>
    /// Where the simulator keeps its transactions between runs (written after every request). Set it when the simulator runs inside
    /// kioskd, so killing kioskd does not make the "terminal" forget what it charged.
    /// </summary>
    public string? StateFile { get; init; }

    /// <summary>
    /// Called with the payment's sale transaction id at each <see cref="SimulatorStep"/>, on the connection's thread, before the
    /// answer is sent. For fault injection (kill the host there) and tests; null: nothing is called.
    /// </summary>
    public Action<SimulatorStep, string>? PaymentStep { get; init; }

    /// <summary>
    /// As <see cref="PaymentStep"/>, for reversals: called with the reversal's sale transaction id (its ServiceID when it has none) when
    /// the request is read and, if it is recorded, once the outcome is in the state file and before the answer is sent.
    /// </summary>
    public Action<SimulatorStep, string>? ReversalStep { get; init; }
}
