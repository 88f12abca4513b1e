using KioskRuntime.Domain;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Journal;
using KioskRuntime.Reports.Saft;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon.Fiscal;

/// <summary>
/// The electronic journal's "POS application start" (13001) and "shut down" (13002): journaled when kioskd starts (before the sale
/// pipeline) and when it stops cleanly (after the pipeline, so it is the last event). A kill or power cut leaves no stop event, which
/// is what the journal should show. A journal that cannot write is logged, not fatal: the kiosk then does not sell anyway.
/// </summary>
internal sealed class ApplicationEvents(KioskJournal journal, HardwareProfile profile, TimeProvider time, ILogger<ApplicationEvents> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => RecordAsync(SaftEventTypes.ApplicationStart, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => RecordAsync(SaftEventTypes.ApplicationStop, CancellationToken.None);

    private async Task RecordAsync(string type, CancellationToken ct)
    {
        var payload = new ApplicationEventPayload(typeof(ApplicationEvents).Assembly.GetName().Version?.ToString() ?? "0", profile.RegisterId);
        try
        {
            await journal.CommitAsync(new JournalWrite([new NewEvent(type, EventJson.Serialize(payload), time.GetUtcNow())]), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JournalUnavailableException or ObjectDisposedException)
        {
            logger.LogWarning("Could not journal {Type}: {Reason}", type, e.Message);
        }
    }
}

/// <summary>Payload of <c>application-start</c> and <c>application-stop</c>.</summary>
internal sealed record ApplicationEventPayload(string Version, string RegisterId);
