using System.Diagnostics;

namespace KioskRuntime.Testing.Kioskd;

/// <summary>
/// A test-only fault switch: the kioskd test host started with <c>KIOSK_ENABLE_FAULTS=1</c> and <c>KIOSK_KILL_AT=&lt;step&gt;</c> sends itself SIGKILL when
/// a sale's payment reaches that step, so an end-to-end test can prove crash recovery at every step of a payment, not at a random moment.
/// Without both variables <see cref="At"/> does nothing; the shipped kioskd has no such switch at all. The steps, in the order a sale passes them:
/// <list type="bullet">
/// <item><c>intent-journaled</c>: the payment intent is durable; the terminal has not been asked.</item>
/// <item><c>terminal-received</c>: the (simulated) terminal has read the payment request and decided nothing.</item>
/// <item><c>terminal-decided</c>: the (simulated) terminal has approved or declined and recorded it; the answer is not sent.</item>
/// <item><c>answer-received</c>: kioskd holds the terminal's answer; the sale is not journaled.</item>
/// <item><c>sale-committed</c>: the sale is journaled; no receipt is printed.</item>
/// <item><c>receipt-sent</c>: the receipt went to the printer; its outcome is not journaled.</item>
/// <item><c>receipt-printed</c>: the receipt is printed and its outcome journaled; the checkout is not answered.</item>
/// </list>
/// and the steps a return's refund (a reversal of the original card payment) passes:
/// <list type="bullet">
/// <item><c>refund-intent-journaled</c>: the refund intent (with its ServiceID) is durable; the terminal has not been asked.</item>
/// <item><c>refund-terminal-received</c>: the (simulated) terminal has read the reversal request and decided nothing.</item>
/// <item><c>refund-terminal-decided</c>: the (simulated) terminal has reversed (or refused) and recorded it; the answer is not sent.</item>
/// <item><c>refund-answer-received</c>: kioskd holds the terminal's answer; the return is not journaled.</item>
/// </list>
/// Only <c>terminal-*</c> and <c>refund-terminal-*</c> steps exist in the <c>nexo-simulated</c> driver, whose terminal lives in kioskd's
/// process. Immutable; thread-safe.
/// </summary>
internal sealed class PaymentKillSwitch
{
    public const string StepVariable = "KIOSK_KILL_AT";

    public static IReadOnlyList<string> Steps { get; } =
    [
        "intent-journaled", "terminal-received", "terminal-decided", "answer-received", "sale-committed", "receipt-sent", "receipt-printed",
        "refund-intent-journaled", "refund-terminal-received", "refund-terminal-decided", "refund-answer-received",
    ];

    private readonly string? _step;

    public PaymentKillSwitch(string? step)
    {
        if (step is not null && !Steps.Contains(step))
        {
            throw new ArgumentException($"{StepVariable}={step} is not a payment step; one of: {string.Join(", ", Steps)}", nameof(step));
        }

        _step = step;
    }

    /// <summary>Never kills.</summary>
    public static PaymentKillSwitch Off { get; } = new(null);

    /// <summary>The switch for <c>KIOSK_KILL_AT</c>'s value: armed when it names a step, off when it is empty or unset.</summary>
    public static PaymentKillSwitch FromStep(string? step) => step is { Length: > 0 } ? new PaymentKillSwitch(step) : Off;

    public bool IsArmed => _step is not null;

    /// <summary>If armed for <paramref name="step"/>: says so on stderr (written synchronously, unlike the log) and sends SIGKILL to this process.</summary>
    public void At(string step, string transactionId)
    {
        if (_step is null || _step != step)
        {
            return;
        }

        Console.Error.WriteLine($"kioskd: {StepVariable}={step}: SIGKILL to itself at payment {transactionId}");
        using var self = Process.GetCurrentProcess();
        self.Kill(); // SIGKILL on Linux: no finally blocks, no flush, no shutdown hooks
        Thread.Sleep(Timeout.Infinite);
    }
}
