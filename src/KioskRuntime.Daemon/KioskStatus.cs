using KioskRuntime.Control;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Journal;
using KioskRuntime.Sync;

namespace KioskRuntime.Daemon;

/// <summary>Builds the status that <c>kioskctl status</c>, STATUS= and the light show, from the parts that own it.</summary>
internal sealed class KioskStatus(
    ProfileInForce inForce,
    KioskJournal journal,
    DeviceSupervisor devices,
    KioskState state,
    Func<SalePipeline> pipeline,
    ReplayEngine? replay,
    string? upstreamUrl)
{

    public StatusSnapshot Snapshot()
    {
        var health = journal.Health;
        var (current, reason) = state.Current;
        var whyNot = current is "starting" or "stopping" ? null : pipeline().WhyNotSelling();
        var effective = whyNot is not null && current != "stopping" ? "out-of-service" : current;
        var upstream = Upstream();
        var deviceViews = Devices();
        return new StatusSnapshot(
            inForce.Profile.KioskId,
            effective,
            whyNot ?? reason,
            Summary(effective, whyNot ?? reason, deviceViews.Count, upstream),
            new JournalStatus(journal.LastSeq, journal.LastHash, health.CanWrite, health.Reason),
            upstream,
            deviceViews,
            pipeline().CartSnapshot,
            state.SalesSinceStart,
            state.StartedAt,
            inForce.ToStatus());
    }

    public IReadOnlyList<DeviceStatusView> Devices() =>
        devices.Devices.Select(d => new DeviceStatusView(d.Name, ProfileLoader.KindName(d.Kind), d.Driver, d.Status.State.ToString().ToLowerInvariant(), d.Status.Detail, d.Status.Since)).ToList();

    /// <summary>The one human line for STATUS=: "ready: 5 devices, 3 events pending upstream".</summary>
    public static string Summary(string state, string? reason, int deviceCount, UpstreamStatus upstream)
    {
        var pending = upstream.Url is null ? "no back office configured"
            : upstream.Forked ? "UPSTREAM FORK: pushing stopped"
            : $"{upstream.Pending} event(s) pending upstream{(upstream.Online ? "" : " (offline)")}";
        var head = reason is null ? state : $"{state} ({reason})";
        return $"{head}: {deviceCount} device(s), {pending}";
    }

    private UpstreamStatus Upstream()
    {
        if (replay is null)
        {
            return new UpstreamStatus(null, false, null, journal.LastSeq, 0, null, null, null, 0, false);
        }

        var s = replay.Status;
        return new UpstreamStatus(
            upstreamUrl,
            s.Online,
            s.Online ? s.OnlineSince : s.OfflineSince,
            s.Pending,
            s.DeliveredSeq,
            s.OldestPendingAge?.TotalSeconds,
            s.LastSuccess,
            s.LastError,
            s.DeadLetters,
            s.Forked);
    }
}
