using System.Text.Json;
using Microsoft.Extensions.Hosting;

namespace KioskRuntime.Daemon.LocalApi;

/// <summary>
/// Publishes the screen state whenever it changes (checked four times a second, off the sale loop): the cart, banners (out of service,
/// offline, staff mode), the door, the payment and receipt steps. Reads only published snapshots; never enqueues work.
/// </summary>
internal sealed class ScreenStatePump(ScreenStateSource source, ScreenEvents events, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? last = null;
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (events.ClientCount == 0)
            {
                last = null;
                continue;
            }

            var state = source.Build();
            var json = JsonSerializer.Serialize(state, ScreenEvents.Json);
            if (json != last)
            {
                last = json;
                events.Publish("state", state);
            }
        }
    }
}
