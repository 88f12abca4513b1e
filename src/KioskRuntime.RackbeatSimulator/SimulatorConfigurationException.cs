namespace KioskRuntime.RackbeatSimulator;

/// <summary>A start-up setting of the simulator is missing or wrong; the message names it.</summary>
internal sealed class SimulatorConfigurationException(string message) : Exception(message);
