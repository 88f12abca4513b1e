using System.Text.Json;
using KioskRuntime.Devices;
using KioskRuntime.Payments;
using KioskRuntime.Payments.Tests;
using KioskRuntime.Simulation.Nexo;
using PaymentRequest = KioskRuntime.Devices.PaymentRequest;

namespace KioskRuntime.Simulation.Tests;

/// <summary>
/// The simulator's state file is its ledger and what makes "approved, then kioskd died" recoverable: it must hold the decision before
/// the answer leaves, and a simulator started on it must answer TransactionStatus from it.
/// </summary>
public sealed class SimulatorStateFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("nexo-state-").FullName;

    private string StateFile => Path.Combine(_folder, "devices", "terminal", "nexo-terminal.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("42.00", "Approved")]
    [InlineData("10.13", "Declined")]
    [InlineData("10.15", "Approved")]
    public async Task The_decision_is_on_disk_before_the_answer_is_sent(string amount, string expectedState)
    {
        var seen = new List<(SimulatorStep Step, string? StateOnDisk, bool Answered)>();
        Task<PaymentResult>? paying = null;
        await using var rig = TerminalRig.Start(simulator: o => o with
        {
            StateFile = StateFile,
            PaymentStep = (step, tx) => seen.Add((step, StateOnDisk(tx), paying?.IsCompleted ?? false)),
        });
        var request = new PaymentRequest("tx-1", NexoServiceId.New(), decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), "NOK");
        paying = rig.Terminal.PayAsync(request, null, CancellationToken.None);
        await paying;

        Assert.Equal([SimulatorStep.Received, SimulatorStep.Decided], seen.Select(s => s.Step));
        Assert.Null(seen[0].StateOnDisk); // received: nothing recorded yet
        Assert.Equal(expectedState, seen[1].StateOnDisk); // decided: durable ...
        Assert.False(seen[1].Answered); // ... while the kiosk still waits for the answer
        Assert.False(File.Exists(StateFile + ".tmp"));
    }

    [Fact]
    public async Task A_request_the_terminal_loses_is_reported_received_but_never_decided_nor_recorded()
    {
        var seen = new List<SimulatorStep>();
        await using var rig = TerminalRig.Start(simulator: o => o with { StateFile = StateFile, PaymentStep = (step, _) => seen.Add(step) });
        var result = await rig.Terminal.PayAsync(new PaymentRequest("tx-lost", NexoServiceId.New(), 10.18m, "NOK"), null, CancellationToken.None);

        Assert.Equal(PaymentResultKind.Unknown, result.Kind);
        Assert.Equal([SimulatorStep.Received], seen);
        Assert.Null(StateOnDisk("tx-lost"));
    }

    [Fact]
    public async Task Approved_then_the_host_died_is_answered_by_a_new_simulator_from_the_state_file()
    {
        var request = new PaymentRequest("tx-2", NexoServiceId.New(), 99.15m, "NOK"); // approve-then-disconnect: the kiosk never sees the approval
        string? poi;
        await using (var first = TerminalRig.Start(simulator: o => o with { StateFile = StateFile }))
        {
            Assert.Equal(PaymentResultKind.Unknown, (await first.Terminal.PayAsync(request, null, CancellationToken.None)).Kind);
            poi = Assert.Single(first.Simulator.Transactions).PoiTransactionId;
        }

        await using var second = TerminalRig.Start(simulator: o => o with { StateFile = StateFile });
        var status = await second.Terminal.GetStatusAsync(request.TransactionId, request.ServiceId, CancellationToken.None);
        Assert.Equal((PaymentResultKind.Approved, 99.15m, poi), (status.Kind, status.AuthorizedAmount, status.TerminalReference));

        // Asked with any other ServiceID (as a fresh one would be), the terminal truthfully knows nothing.
        var wrong = await second.Terminal.GetStatusAsync(request.TransactionId, NexoServiceId.New(), CancellationToken.None);
        Assert.StartsWith("NotFound:", wrong.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_file_with_outcome_and_state_as_numbers_from_an_earlier_version_still_loads()
    {
        File.WriteAllText(Path.Combine(_folder, "old.json"), """
            [{"Sequence":0,"SaleId":"kiosk-1","ServiceId":"AB12","PoiId":"V400m-324688179","TransactionId":"tx-old","TimeStamp":null,"Currency":"NOK",
              "Amount":12.00,"Outcome":0,"PoiTransactionId":"SIM000001.V400m-324688179","PoiTimeStamp":null,"State":1,"QueriesLeft":0}]
            """);
        await using var simulator = new NexoTerminalSimulator(
            new NexoSimulatorOptions { StateFile = Path.Combine(_folder, "old.json") }, TimeProvider.System, new TestLogger<NexoTerminalSimulator>());
        simulator.Start();
        var old = Assert.Single(simulator.Transactions);
        Assert.Equal((SimulatedOutcome.Approve, SimulatedState.Approved), (old.Outcome, old.State));
    }

    private string? StateOnDisk(string transactionId)
    {
        if (!File.Exists(StateFile))
        {
            return null;
        }

        using var doc = JsonDocument.Parse(File.ReadAllBytes(StateFile));
        return doc.RootElement.EnumerateArray().Where(t => t.GetProperty("TransactionId").GetString() == transactionId)
            .Select(t => t.GetProperty("State").GetString()).SingleOrDefault();
    }
}
