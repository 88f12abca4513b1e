using KioskRuntime.Journal;
using KioskRuntime.Sync;
using KioskRuntime.Sync.Http;
using KioskRuntime.Sync.Rackbeat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon;

/// <summary>Composes the Rackbeat adapter as the kiosk's upstream: the replay engine, catalog pull and stock lookup talk to it in-process.</summary>
internal static class RackbeatLink
{
    /// <summary>The adapter's in-process address; nothing listens there, the handler answers.</summary>
    public static UpstreamOptions UpstreamOptions(string kioskId) => new()
    {
        BaseUrl = new Uri("https://rackbeat.adapter/"),
        Token = "in-process",
        KioskId = kioskId,
        RequestTimeout = TimeSpan.FromSeconds(90), // the adapter makes several Rackbeat calls per event, each with its own timeout
    };

    public static HttpClient Client(IServiceProvider services, RackbeatOptions options, TimeProvider time)
    {
        // Never follows redirects either: a 307 would re-send the bearer token and a booking to wherever the answer points.
        var rackbeat = new HttpClient(UpstreamHandler.Create()) { Timeout = Timeout.InfiniteTimeSpan };
        var adapter = new RackbeatUpstream(services.GetRequiredService<KioskJournal>(), rackbeat, options, time, services.GetRequiredService<ILogger<RackbeatUpstream>>());
        return new HttpClient(adapter) { Timeout = Timeout.InfiniteTimeSpan };
    }

}
