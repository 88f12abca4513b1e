using KioskRuntime.RackbeatSimulator;

try
{
    await using var app = SimulatorApp.Build(args);
    await app.RunAsync();
    return 0;
}
catch (SimulatorConfigurationException ex)
{
    await Console.Error.WriteLineAsync($"rackbeat-sim: {ex.Message}");
    return 2;
}
