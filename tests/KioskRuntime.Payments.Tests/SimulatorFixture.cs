using KioskRuntime.Simulation.Nexo;

namespace KioskRuntime.Payments.Tests;

/// <summary>A started simulator and a driver pointed at it, both disposed at the end of the test.</summary>
internal sealed class TerminalRig : IAsyncDisposable
{
    private TerminalRig(NexoTerminalSimulator simulator, NexoTerminalOptions options, TimeProvider time)
    {
        Simulator = simulator;
        Options = options;
        Time = time;
        Terminal = NewTerminal();
    }

    public NexoTerminalSimulator Simulator { get; }

    public NexoTerminalOptions Options { get; }

    public TimeProvider Time { get; }

    public NexoTerminal Terminal { get; private set; }

    public TestLogger<NexoTerminal> Log { get; } = new();

    public static readonly Dictionary<string, SimulatedOutcome> Endings = new()
    {
        ["13"] = SimulatedOutcome.Decline,
        ["14"] = SimulatedOutcome.NoAnswer,
        ["15"] = SimulatedOutcome.ApproveThenDisconnect,
        ["16"] = SimulatedOutcome.UnknownOutcome,
        ["17"] = SimulatedOutcome.InProgressThenApprove,
        ["18"] = SimulatedOutcome.Lose,
    };

    public static TerminalRig Start(
        TimeProvider? time = null, Func<NexoSimulatorOptions, NexoSimulatorOptions>? simulator = null, Func<NexoTerminalOptions, NexoTerminalOptions>? driver = null)
    {
        time ??= TimeProvider.System;
        var simOptions = new NexoSimulatorOptions { PoiId = "V400m-324688179", OutcomeByAmountEnding = Endings };
        var sim = new NexoTerminalSimulator(simulator?.Invoke(simOptions) ?? simOptions, time, new TestLogger<NexoTerminalSimulator>());
        sim.Start();
        var options = new NexoTerminalOptions { Url = sim.Url, PoiId = "V400m-324688179", SaleId = "kiosk-1" };
        return new TerminalRig(sim, driver?.Invoke(options) ?? options, time);
    }

    public NexoTerminal NewTerminal() => new("terminal", Options, Time, Log);

    /// <summary>The kiosk process "dies": the driver is dropped with whatever it had in flight, and a new one starts.</summary>
    public void Restart()
    {
        Terminal.Dispose();
        Terminal = NewTerminal();
    }

    public async ValueTask DisposeAsync()
    {
        Terminal.Dispose();
        await Simulator.DisposeAsync();
    }
}
