using System.Text.Json;
using KioskRuntime.Devices;
using KioskRuntime.Devices.Drivers;
using KioskRuntime.Payments;
using KioskRuntime.Payments.Tests;
using KioskRuntime.Simulation.Nexo;
using PaymentRequest = KioskRuntime.Devices.PaymentRequest;

namespace KioskRuntime.Simulation.Tests;

public sealed class SimulatedNexoTerminalTests
{
    private static SimulatedNexoTerminalOptions Options(string json, string? path)
    {
        using var doc = JsonDocument.Parse(json);
        var (options, problems) = DriverOptionsBinder.Bind<NexoSimulatedDriverOptions>(doc.RootElement, null);
        Assert.Empty(problems);
        return options!.ToTerminalOptions(path);
    }

    [Fact]
    public async Task The_simulated_profile_terminal_runs_the_real_driver_against_the_simulator_and_survives_a_kiosk_restart()
    {
        string state = Path.Combine(Path.GetTempPath(), $"nexo-sim-{Guid.NewGuid():N}.json");
        try
        {
            var options = Options("""{"saleId": "demo-kiosk-1", "inProgressQueries": 1, "outcomes": {"13": "decline", "17": "in-progress-then-approve"}}""", state);
            var held = new PaymentRequest("tx-held", NexoServiceId.New(), 99.17m, "NOK");
            var first = new SimulatedNexoTerminal("terminal", options, TimeProvider.System, new TestLogger<SimulatedNexoTerminal>());
            await using (first)
            {
                Assert.Equal(PaymentResultKind.Approved, (await first.PayAsync(new PaymentRequest("tx-1", NexoServiceId.New(), 42m, "NOK"), null, default)).Kind);
                Assert.Equal(PaymentResultKind.Declined, (await first.PayAsync(new PaymentRequest("tx-2", NexoServiceId.New(), 10.13m, "NOK"), null, default)).Kind);
                _ = first.PayAsync(held, null, default);
                for (int i = 0; i < 500 && first.Transactions.Count < 3; i++)
                {
                    await Task.Delay(10);
                }
            }

            await using var second = new SimulatedNexoTerminal("terminal", options, TimeProvider.System, new TestLogger<SimulatedNexoTerminal>());
            Assert.StartsWith("InProgress:", (await second.GetStatusAsync(held.TransactionId, held.ServiceId, default)).Reason, StringComparison.Ordinal);
            var recovered = await second.GetStatusAsync(held.TransactionId, held.ServiceId, default);
            Assert.Equal((PaymentResultKind.Approved, 99.17m), (recovered.Kind, recovered.AuthorizedAmount));
            Assert.Equal(2, second.Transactions.Count(t => t.Charged));
        }
        finally
        {
            File.Delete(state);
        }
    }

    [Theory]
    [InlineData("""{"outcomes": {"13": "explode"}}""", "options.outcomes.13")]
    [InlineData("""{"outcomes": {"1x": "decline"}}""", "options.outcomes.1x")]
    [InlineData("""{"inProgressQueries": -1}""", "options.inProgressQueries")]
    [InlineData("""{"delayMs": 5}""", "options.delayMs")]
    public void Bad_simulator_options_name_the_field(string json, string path)
    {
        using var doc = JsonDocument.Parse(json);
        var (options, problems) = DriverOptionsBinder.Bind<NexoSimulatedDriverOptions>(doc.RootElement, null);
        Assert.Null(options);
        Assert.Contains(problems, p => p.Path == path);
    }
}
