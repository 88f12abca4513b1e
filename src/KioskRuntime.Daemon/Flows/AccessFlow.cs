using KioskRuntime.Daemon.Rules;
using KioskRuntime.Devices;
using KioskRuntime.Domain;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Journal;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon.Flows;

/// <summary>
/// Doors, sensors and staff cards. Sensor changes and cards arrive from device loops and queue like scans, so the one sale loop journals
/// them in order. A card UID can be cloned, so a staff card alone never opens the door: it starts <see cref="StaffMode"/> (and a
/// technician's card acknowledges a tamper alarm once every tamper switch is closed). The door opens only after a durable sale
/// (<see cref="DoorRelease"/>) or through <c>kioskctl door unlock</c> (root on the kiosk), journaled before the lock is driven.
/// State: the <see cref="TamperAlarm"/> it raises and clears.
/// </summary>
internal sealed class AccessFlow(
    KioskJournal journal,
    HardwareProfile profile,
    IReadOnlyList<IDevice> devices,
    TamperAlarm alarm,
    StaffMode staff,
    ReturnsFlow returns,
    CustomerFeedback feedback,
    IUpstreamLink upstream,
    TimeProvider time,
    ILogger<AccessFlow> logger)
{
    /// <summary>A sensor change; <paramref name="customerBusy"/>: a cart or a return is open.</summary>
    public async Task OnSensorAsync(SensorChange change, bool customerBusy, CancellationToken ct)
    {
        if (change.Kind == SensorKind.Tamper)
        {
            alarm.Track(change.Device, change.Input, change.Active);
        }

        if (change.Initial && !change.Active)
        {
            return; // a closed switch at start-up is the normal state, not an event
        }

        var locks = devices.OfType<IDoorLock>().ToList();
        bool? forced = AccessRules.IsForcedOpen(change, locks.Count, locks.Any(l => l.IsUnlocked)) ? true : null;
        var raise = AccessRules.RaisesAlarm(change, profile.Access.TamperStopsSelling);
        var payload = new SensorPayload(change.Device, change.Input, change.Kind.ToString().ToLowerInvariant(), change.Active, change.Initial, forced);
        var raised = new AlarmDocument { Raised = true, Input = change.Input, Since = change.At };
        await journal.CommitAsync(
            new JournalWrite(
                [new NewEvent(EventTypes.Sensor, EventJson.Serialize(payload), change.At)],
                (state, _) =>
                {
                    if (raise)
                    {
                        state.Put(StateCollections.Alarms, "tamper", raised);
                    }
                }),
            ct).ConfigureAwait(false);
        upstream.Nudge();

        if (raise)
        {
            alarm.Raise(raised);
            logger.LogCritical("Tamper switch '{Input}' on {Device} opened: the kiosk stops selling until a technician card acknowledges it", change.Input, change.Device);
            feedback.Sound(BuzzerSignal.Alarm);
            await feedback.ShowIdleAsync(ct).ConfigureAwait(false);
        }
        else if (forced == true)
        {
            logger.LogCritical("Door '{Input}' on {Device} opened while locked (forced or held)", change.Input, change.Device);
            feedback.Sound(BuzzerSignal.Alarm);
        }
        else if (change.Kind == SensorKind.Door && !change.Active)
        {
            foreach (var doorLock in locks.Where(l => l.IsUnlocked))
            {
                doorLock.Lock("door closed");
            }
        }
        else if (PresenceRule.Greets(change, customerBusy, staff.Session is not null))
        {
            await feedback.ShowIdleAsync(ct).ConfigureAwait(false);
        }

        logger.LogInformation("Sensor {Device}/{Input} ({Kind}) is {State}{Initial}", change.Device, change.Input, change.Kind, change.Active ? "active" : "inactive", change.Initial ? " at start" : "");
    }

    /// <summary>
    /// A card on the reader: during a return a staff card approves it; otherwise a staff card starts (or ends) staff mode and a
    /// technician's may acknowledge the tamper alarm.
    /// </summary>
    public async Task OnCardAsync(CardPresented card, bool customerBusy, CancellationToken ct)
    {
        var member = profile.Staff.FirstOrDefault(s => s.CardHash == card.UidHash);
        if (member is null)
        {
            logger.LogWarning("Card {Prefix} on {Reader} is not a staff card", card.UidHash.Prefix, card.Reader);
            feedback.Sound(BuzzerSignal.Attention);
            await feedback.ShowAsync("Ukjent kort", "", ct).ConfigureAwait(false);
            return;
        }

        if (returns.Current is not null && staff.Session is null)
        {
            // A return waiting at the kiosk: the card approves it (journaled with the return event), it does not start staff mode.
            await returns.ApproveAsync($"staff-card:{member.Id}", ct).ConfigureAwait(false);
            return;
        }

        if (staff.Session is { } current && current.Card.Id == member.Id)
        {
            await staff.EndAsync("card presented again", ct).ConfigureAwait(false);
            return;
        }

        if (staff.Session is not null)
        {
            await staff.EndAsync($"{member.Id} took over", ct).ConfigureAwait(false);
        }

        if (customerBusy)
        {
            logger.LogWarning("Staff card of {Staff} refused: a customer's cart is open", member.Id);
            await feedback.ShowAsync("Kunde handler", "Avbryt kurven forst", ct).ConfigureAwait(false);
            return;
        }

        var role = member.Role.ToString().ToLowerInvariant();
        var acknowledge = AccessRules.Acknowledges(member.Role, alarm.Reason is not null, alarm.OpenInputs.Count);
        var events = new List<NewEvent> { new(EventTypes.StaffSession, EventJson.Serialize(new StaffSessionPayload(member.Id, role, "start")), card.At) };
        if (acknowledge)
        {
            events.Add(new(EventTypes.AlarmAcknowledged, EventJson.Serialize(new AlarmAcknowledgedPayload("tamper", member.Id)), card.At));
        }

        await journal.CommitAsync(
            new JournalWrite(events, (state, _) =>
            {
                if (acknowledge)
                {
                    state.Put(StateCollections.Alarms, "tamper", new AlarmDocument { Raised = false, Since = card.At });
                }
            }),
            ct).ConfigureAwait(false);
        upstream.Nudge();
        staff.Start(member);
        feedback.Sound(BuzzerSignal.Acknowledge);
        if (acknowledge)
        {
            alarm.Clear();
            logger.LogWarning("Tamper alarm acknowledged by technician {Staff}; selling may resume", member.Id);
        }
        else if (member.Role == StaffRole.Technician && alarm.Reason is not null)
        {
            logger.LogWarning("Tamper alarm not acknowledged by {Staff}: tamper switch(es) still open: {Open}", member.Id, string.Join(", ", alarm.OpenInputs));
        }

        logger.LogInformation("Staff mode for {Staff} ({Role})", member.Id, role);
        await feedback.ShowAsync("Personalmodus", CustomerFeedback.Fit($"{member.Id}: skann varer"), ct).ConfigureAwait(false);
    }

    /// <summary>Unlocks the door for a staff action named by <paramref name="reason"/>; journaled before the lock is driven.</summary>
    public async Task<CheckoutOutcome> UnlockAsync(string by, string reason, TimeSpan? holdOpen, CancellationToken ct)
    {
        if (devices.OfType<IDoorLock>().FirstOrDefault() is not { } doorLock)
        {
            return new CheckoutOutcome(false, "the profile has no door lock");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return new CheckoutOutcome(false, "say why the door is opened (--reason)");
        }

        var seconds = (int)Math.Ceiling((holdOpen ?? TimeSpan.FromSeconds(5)).TotalSeconds);
        var entries = await journal.CommitAsync(
            new JournalWrite([new NewEvent(EventTypes.DoorUnlock, EventJson.Serialize(new DoorUnlockPayload(doorLock.Name, by, reason, seconds)), time.GetUtcNow())], null),
            ct).ConfigureAwait(false);
        upstream.Nudge();
        var opened = doorLock.TryUnlock($"door-unlock seq {entries[0].Seq} by {by}: {reason}", holdOpen);
        return new CheckoutOutcome(opened, opened ? $"door unlocked (journaled as seq {entries[0].Seq})" : "the lock could not be driven; the door stays locked", entries[0].Seq);
    }
}
