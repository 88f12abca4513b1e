using Microsoft.Extensions.Logging;

namespace KioskRuntime.Simulation.Nexo;

/// <summary>Log events of the nexo terminal simulator (event ids as when it lived in Payments).</summary>
internal static partial class SimulatorLog
{
    [LoggerMessage(EventId = 5310, Level = LogLevel.Information, Message = "Terminal simulator on {Url}: {Event}")]
    public static partial void Simulator(ILogger logger, Uri url, string @event);
}
