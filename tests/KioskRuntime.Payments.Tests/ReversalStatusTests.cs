using System.Globalization;
using System.Text;
using System.Text.Json;
using KioskRuntime.Devices;
using KioskRuntime.Payments.Nexo;
using KioskRuntime.Simulation.Nexo;
using PaymentRequest = KioskRuntime.Devices.PaymentRequest;

namespace KioskRuntime.Payments.Tests;

/// <summary>
/// A refund is a reversal sent under the kiosk's own ids, so that after a crash or a lost answer the kiosk can ask the terminal what
/// became of <em>that reversal</em> (TransactionStatus, category Reversal) instead of asking about a payment the terminal never saw.
/// Driver and simulator over real HTTP on loopback; the simulator's state file stands in for the terminal's memory across restarts.
/// </summary>
public sealed class ReversalStatusTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly string _folder = Directory.CreateTempSubdirectory("nexo-reversal-").FullName;

    private string StateFile => Path.Combine(_folder, "devices", "terminal", "nexo-terminal.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static decimal Amount(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    private static PaymentRequest Payment(decimal amount) => new("tx-" + Guid.NewGuid().ToString("N")[..8], NexoServiceId.New(), amount, "NOK");

    private static ReversalRequest Reversal(string reference, decimal amount) =>
        new("rf-" + Guid.NewGuid().ToString("N")[..8], NexoServiceId.New(), reference, amount, "NOK");

    /// <summary>Pays (the answer may be lost on purpose) and returns the POITransactionID of the charge the terminal recorded.</summary>
    private static async Task<string> ChargeAsync(TerminalRig rig, decimal amount)
    {
        var request = Payment(amount);
        await rig.Terminal.PayAsync(request, null, None);
        var charged = Assert.Single(rig.Simulator.Transactions, t => t.TransactionId == request.TransactionId);
        Assert.True(charged.Charged);
        return charged.PoiTransactionId;
    }

    [Theory]
    [InlineData("10.15")] // the terminal reverses, then drops the connection without answering
    [InlineData("10.16")] // the terminal reverses, then cuts its answer off halfway
    public async Task A_reversal_whose_answer_is_lost_is_found_reversed_by_its_own_ids(string amount)
    {
        await using var rig = TerminalRig.Start();
        var reference = await ChargeAsync(rig, Amount(amount));
        var request = Reversal(reference, Amount(amount));

        var answer = await rig.Terminal.ReverseAsync(request, None);
        Assert.Equal(PaymentResultKind.Unknown, answer.Kind);
        Assert.StartsWith("Lost:", answer.Reason, StringComparison.Ordinal);
        Assert.Equal(SimulatedState.Reversed, Assert.Single(rig.Simulator.Transactions).State); // the money did go back

        var status = await rig.Terminal.GetReversalStatusAsync(request.TransactionId, request.ServiceId, None);
        Assert.Equal((PaymentResultKind.Approved, reference, Amount(amount)), (status.Kind, status.TerminalReference, status.AuthorizedAmount));
        var recorded = Assert.Single(rig.Simulator.Reversals);
        Assert.Equal((request.ServiceId, request.TransactionId, reference, true), (recorded.ServiceId, recorded.TransactionId, recorded.OriginalPoiTransactionId, recorded.Reversed));
    }

    [Fact]
    public async Task A_refused_reversal_is_found_declined_and_the_payment_is_reversed_only_once()
    {
        await using var rig = TerminalRig.Start();
        var reference = await ChargeAsync(rig, 42.00m);
        var first = Reversal(reference, 42.00m);
        var second = Reversal(reference, 42.00m);
        Assert.Equal(PaymentResultKind.Approved, (await rig.Terminal.ReverseAsync(first, None)).Kind);
        var refused = await rig.Terminal.ReverseAsync(second, None);
        Assert.Equal(PaymentResultKind.Declined, refused.Kind);
        Assert.Contains("NotAllowed", refused.Reason, StringComparison.Ordinal);

        Assert.Equal(PaymentResultKind.Approved, (await rig.Terminal.GetReversalStatusAsync(first.TransactionId, first.ServiceId, None)).Kind);
        var secondStatus = await rig.Terminal.GetReversalStatusAsync(second.TransactionId, second.ServiceId, None);
        Assert.Equal(PaymentResultKind.Declined, secondStatus.Kind);
        Assert.Contains("NotAllowed", secondStatus.Reason, StringComparison.Ordinal);
        Assert.Equal([true, false], rig.Simulator.Reversals.Select(r => r.Reversed));
    }

    [Fact]
    public async Task A_reversal_the_terminal_never_received_is_NotFound_and_nothing_was_given_back()
    {
        await using var rig = TerminalRig.Start();
        var reference = await ChargeAsync(rig, 42.00m);

        // The kiosk journaled the refund intent and died before sending it.
        var neverSent = Reversal(reference, 42.00m);
        var status = await rig.Terminal.GetReversalStatusAsync(neverSent.TransactionId, neverSent.ServiceId, None);
        Assert.Equal(PaymentResultKind.Unknown, status.Kind);
        Assert.StartsWith("NotFound:", status.Reason, StringComparison.Ordinal);

        // Lost on the way: the simulator drops a request whose amount ends in 18 without reading it.
        var lost = Reversal(reference, 1.18m);
        var answer = await rig.Terminal.ReverseAsync(lost, None);
        Assert.Equal(PaymentResultKind.Unknown, answer.Kind);
        Assert.StartsWith("NotFound:", (await rig.Terminal.GetReversalStatusAsync(lost.TransactionId, lost.ServiceId, None)).Reason, StringComparison.Ordinal);

        Assert.True(Assert.Single(rig.Simulator.Transactions).Charged);
        Assert.Empty(rig.Simulator.Reversals);
    }

    [Fact]
    public async Task A_restarted_simulator_answers_the_reversal_status_from_its_state_file()
    {
        ReversalRequest request;
        string reference;
        await using (var first = TerminalRig.Start(simulator: o => o with { StateFile = StateFile }))
        {
            reference = await ChargeAsync(first, 10.15m);
            await ChargeAsync(first, 42.00m); // never reversed: its entry in the file must not change shape
            request = Reversal(reference, 10.15m);
            Assert.Equal(PaymentResultKind.Unknown, (await first.Terminal.ReverseAsync(request, None)).Kind); // reversed, answer lost
        }

        await using var second = TerminalRig.Start(simulator: o => o with { StateFile = StateFile });
        var status = await second.Terminal.GetReversalStatusAsync(request.TransactionId, request.ServiceId, None);
        Assert.Equal((PaymentResultKind.Approved, reference), (status.Kind, status.TerminalReference));
        Assert.Equal([SimulatedState.Reversed, SimulatedState.Approved], second.Simulator.Transactions.Select(t => t.State));

        // Still reversed only once: a second reversal is refused (its answer is dropped too, at this amount; its status says so).
        var again = Reversal(reference, 10.15m);
        Assert.Equal(PaymentResultKind.Unknown, (await second.Terminal.ReverseAsync(again, None)).Kind);
        Assert.Equal(PaymentResultKind.Declined, (await second.Terminal.GetReversalStatusAsync(again.TransactionId, again.ServiceId, None)).Kind);

        // The file stays an array of payments (older readers and files keep working); the reversal sits with the payment it named.
        using var doc = JsonDocument.Parse(File.ReadAllBytes(StateFile));
        var payments = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, payments.Count);
        Assert.False(payments[1].TryGetProperty("Reversals", out _));
        var stored = payments[0].GetProperty("Reversals").EnumerateArray().ToList();
        Assert.Equal(2, stored.Count);
        Assert.Equal((request.ServiceId, request.TransactionId, "Success"), (stored[0].GetProperty("ServiceId").GetString(), stored[0].GetProperty("TransactionId").GetString(), stored[0].GetProperty("Result").GetString()));
        Assert.Equal(("Failure", "NotAllowed"), (stored[1].GetProperty("Result").GetString(), stored[1].GetProperty("ErrorCondition").GetString()));
    }

    [Fact]
    public async Task The_reversal_is_on_disk_before_its_answer_is_sent()
    {
        var seen = new List<(SimulatorStep Step, int ReversalsOnDisk, bool Answered)>();
        Task<PaymentResult>? reversing = null;
        await using var rig = TerminalRig.Start(simulator: o => o with
        {
            StateFile = StateFile,
            ReversalStep = (step, _) => seen.Add((step, ReversalsOnDisk(), reversing?.IsCompleted ?? false)),
        });
        var request = Reversal(await ChargeAsync(rig, 42.00m), 42.00m);
        reversing = rig.Terminal.ReverseAsync(request, None);
        Assert.Equal(PaymentResultKind.Approved, (await reversing).Kind);

        Assert.Equal([(SimulatorStep.Received, 0, false), (SimulatorStep.Decided, 1, false)], seen);
    }

    [Fact]
    public async Task A_payment_and_a_reversal_are_never_taken_for_each_other()
    {
        await using var rig = TerminalRig.Start();
        var payment = Payment(42.00m);
        var paid = await rig.Terminal.PayAsync(payment, null, None);
        var reversal = Reversal(paid.TerminalReference!, 42.00m);
        Assert.Equal(PaymentResultKind.Approved, (await rig.Terminal.ReverseAsync(reversal, None)).Kind);

        // Each asked for in the other's category: the terminal knows no such thing.
        Assert.StartsWith("NotFound:", (await rig.Terminal.GetReversalStatusAsync(payment.TransactionId, payment.ServiceId, None)).Reason, StringComparison.Ordinal);
        Assert.StartsWith("NotFound:", (await rig.Terminal.GetStatusAsync(reversal.TransactionId, reversal.ServiceId, None)).Reason, StringComparison.Ordinal);

        Assert.Equal(PaymentResultKind.Approved, (await rig.Terminal.GetStatusAsync(payment.TransactionId, payment.ServiceId, None)).Kind);
        Assert.Equal(PaymentResultKind.Approved, (await rig.Terminal.GetReversalStatusAsync(reversal.TransactionId, reversal.ServiceId, None)).Kind);
    }

    private static TransactionStatusResponseBody Status(string repeated)
    {
        string json = $$"""
            {"SaleToPOIResponse": {
              "MessageHeader": {"ProtocolVersion": "3.0", "MessageClass": "Service", "MessageCategory": "TransactionStatus", "MessageType": "Response",
                                "ServiceID": "Q1", "SaleID": "kiosk-1", "POIID": "V400m-324688179"},
              "TransactionStatusResponse": {
                "Response": {"Result": "Success"},
                "RepeatedMessageResponse": {{repeated}}
              } } }
            """;
        using var doc = NexoReader.Parse(Encoding.UTF8.GetBytes(json), "test");
        return Assert.IsType<TransactionStatusResponseBody>(NexoReader.ReadResponse(doc.RootElement).Body);
    }

    private static string Repeated(string category, string serviceId, string body) => $$"""
        {"MessageHeader": {"MessageClass": "Service", "MessageCategory": "{{category}}", "MessageType": "Response", "ServiceID": "{{serviceId}}", "SaleID": "kiosk-1"},
         "RepeatedResponseMessageBody": {{body}} }
        """;

    private const string ReversedBody = """
        {"ReversalResponse": {"Response": {"Result": "Success"}, "ReversedAmount": 42.0,
          "POIData": {"POITransactionID": {"TransactionID": "BV0q001.4GQ4", "TimeStamp": "2026-11-27T08:00:05.000Z"} } } }
        """;

    private const string PaidBody = """
        {"PaymentResponse": {"Response": {"Result": "Success"},
          "POIData": {"POITransactionID": {"TransactionID": "BV0q001.4GQ4", "TimeStamp": "2026-11-27T08:00:05.000Z"} },
          "PaymentResult": {"AmountsResp": {"AuthorizedAmount": 42.0, "Currency": "NOK"} } } }
        """;

    [Fact]
    public void A_repeated_ReversalResponse_is_read_and_mapped_only_for_the_reversal_asked_for()
    {
        var reversed = NexoResultMapper.FromReversalStatus(Status(Repeated("Reversal", "RV1", ReversedBody)), "RV1");
        Assert.Equal(new PaymentResult(PaymentResultKind.Approved, 42.0m, "BV0q001.4GQ4", null, "Reversed"), reversed);

        var refused = NexoResultMapper.FromReversalStatus(
            Status(Repeated("Reversal", "RV1", """{"ReversalResponse": {"Response": {"Result": "Failure", "ErrorCondition": "NotAllowed"} } }""")), "RV1");
        Assert.Equal(PaymentResultKind.Declined, refused.Kind);
        var working = NexoResultMapper.FromReversalStatus(
            Status(Repeated("Reversal", "RV1", """{"ReversalResponse": {"Response": {"Result": "Failure", "ErrorCondition": "InProgress"} } }""")), "RV1");
        Assert.StartsWith("InProgress:", working.Reason, StringComparison.Ordinal);

        // A repeated payment, another ServiceID, or another category is never read as that reversal (nor a reversal as a payment).
        Assert.StartsWith("Mismatch:", NexoResultMapper.FromReversalStatus(Status(Repeated("Payment", "RV1", PaidBody)), "RV1").Reason, StringComparison.Ordinal);
        Assert.StartsWith("Mismatch:", NexoResultMapper.FromReversalStatus(Status(Repeated("Reversal", "RV2", ReversedBody)), "RV1").Reason, StringComparison.Ordinal);
        Assert.StartsWith("Mismatch:", NexoResultMapper.FromReversalStatus(Status(Repeated("Payment", "RV1", ReversedBody)), "RV1").Reason, StringComparison.Ordinal);
        var asPayment = NexoResultMapper.FromStatus(Status(Repeated("Reversal", "RV1", ReversedBody)), "tx-1");
        Assert.Equal(PaymentResultKind.Unknown, asPayment.Kind);
        Assert.StartsWith("Mismatch:", asPayment.Reason, StringComparison.Ordinal);
    }

    private int ReversalsOnDisk()
    {
        if (!File.Exists(StateFile))
        {
            return 0;
        }

        using var doc = JsonDocument.Parse(File.ReadAllBytes(StateFile));
        return doc.RootElement.EnumerateArray().Sum(t => t.TryGetProperty("Reversals", out var r) ? r.GetArrayLength() : 0);
    }
}
