using System.Globalization;
using KioskRuntime.Barcodes;
using KioskRuntime.Devices;
using KioskRuntime.Domain;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Journal;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon;

/// <summary>
/// Doors, sensors and staff cards. Sensor changes and cards arrive from device loops and queue like scans, so the one pipeline loop
/// journals them in order. A card UID can be cloned, so a staff card alone never opens the door: it unlocks staff mode (goods receiving,
/// receipt copies, acknowledging a tamper alarm), and every staff session is journaled. The door opens only after a durable sale or
/// through <c>kioskctl door unlock</c> (root on the kiosk), journaled before the lock is driven.
/// </summary>
public sealed partial class SalePipeline : ISensorSink, ICardSink
{
    private static readonly string[] AdjustmentReasons = ["count", "damage", "theft", "received", "other"];

    private StaffSession? _staff; // owned by the pipeline loop
    private readonly List<(Gtin Gtin, string Name, decimal Quantity)> _receiving = []; // owned by the pipeline loop
    private readonly HashSet<string> _tamperOpen = new(StringComparer.Ordinal); // "device/input" of tamper inputs now active; owned by the loop
    private string? _alarm; // written by the loop, read by WhyNotSelling from any thread

    /// <summary>Staff mode as <c>kioskctl status</c> shows it; null when nobody is in staff mode.</summary>
    public string? StaffModeHolder => Volatile.Read(ref _staff)?.Card.Id;

    public ValueTask OnSensorChangedAsync(SensorChange change, CancellationToken cancellationToken)
    {
        // Never wait for the loop here: a payment can hold it for minutes, and a device loop that waits stops feeding the watchdog.
        _work.Writer.TryWrite(new SensorWork(change, new(TaskCreationOptions.RunContinuationsAsynchronously)));
        return ValueTask.CompletedTask;
    }

    public ValueTask OnCardAsync(CardPresented card, CancellationToken cancellationToken)
    {
        _work.Writer.TryWrite(new CardWork(card, new(TaskCreationOptions.RunContinuationsAsynchronously)));
        return ValueTask.CompletedTask;
    }

    /// <summary>Unlocks the door for a staff action named by <paramref name="reason"/>; journaled before the lock is driven.</summary>
    public Task<CheckoutOutcome> UnlockDoorAsync(string by, string reason, TimeSpan? holdOpen, CancellationToken ct) =>
        Enqueue(new UnlockWork(by, reason, holdOpen, new(TaskCreationOptions.RunContinuationsAsynchronously)), ct);

    /// <summary>Journals one stock adjustment (count, damage, theft, received, other) by a named member of staff.</summary>
    public Task<CheckoutOutcome> AdjustStockAsync(string gtin, decimal delta, string reason, string staffId, CancellationToken ct) =>
        Enqueue(new AdjustWork(gtin, delta, reason, staffId, new(TaskCreationOptions.RunContinuationsAsynchronously)), ct);

    private void AttachAccessDevices()
    {
        foreach (var sensors in _devices.Devices.OfType<ISensors>())
        {
            sensors.AttachSink(this);
        }

        foreach (var reader in _devices.Devices.OfType<ICardReader>())
        {
            reader.AttachSink(this);
        }
    }

    private void LoadAlarm()
    {
        if (_journal.GetState<AlarmDocument>(StateCollections.Alarms, "tamper") is { Raised: true } alarm)
        {
            Volatile.Write(ref _alarm, AlarmText(alarm));
        }
    }

    private static string AlarmText(AlarmDocument alarm) =>
        $"tamper alarm: '{alarm.Input}' opened at {alarm.Since.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC; a technician card must acknowledge it";

    private string? WhyAlarm() => _profile.Access.TamperStopsSelling ? Volatile.Read(ref _alarm) : null;

    private async Task HandleSensorAsync(SensorChange change, CancellationToken ct)
    {
        if (change.Kind == SensorKind.Tamper)
        {
            _ = change.Active ? _tamperOpen.Add($"{change.Device}/{change.Input}") : _tamperOpen.Remove($"{change.Device}/{change.Input}");
        }

        if (change.Initial && !change.Active)
        {
            return; // a closed switch at start-up is the normal state, not an event
        }

        var locks = _devices.Locks.ToList();
        bool? forced = change.Kind == SensorKind.Door && change.Active && locks.Count > 0 && !locks.Any(l => l.IsUnlocked) ? true : null;
        var raise = change.Kind == SensorKind.Tamper && change.Active && _profile.Access.TamperStopsSelling;
        var payload = new SensorPayload(change.Device, change.Input, change.Kind.ToString().ToLowerInvariant(), change.Active, change.Initial, forced);
        var alarm = new AlarmDocument { Raised = true, Input = change.Input, Since = change.At };
        await _journal.CommitAsync(
            new JournalWrite(
                [new NewEvent(EventTypes.Sensor, EventJson.Serialize(payload), change.At)],
                (state, _) =>
                {
                    if (raise)
                    {
                        state.Put(StateCollections.Alarms, "tamper", alarm);
                    }
                }),
            ct).ConfigureAwait(false);
        _upstream.Nudge();

        if (raise)
        {
            Volatile.Write(ref _alarm, AlarmText(alarm));
            _logger.LogCritical("Tamper switch '{Input}' on {Device} opened: the kiosk stops selling until a technician card acknowledges it", change.Input, change.Device);
            Sound(BuzzerSignal.Alarm);
            await ShowIdleAsync(ct).ConfigureAwait(false);
        }
        else if (forced == true)
        {
            _logger.LogCritical("Door '{Input}' on {Device} opened while locked (forced or held)", change.Input, change.Device);
            Sound(BuzzerSignal.Alarm);
        }
        else if (change.Kind == SensorKind.Door && !change.Active)
        {
            foreach (var doorLock in locks.Where(l => l.IsUnlocked))
            {
                doorLock.Lock("door closed");
            }
        }
        else if (change.Kind == SensorKind.Presence && change.Active && _cart.IsEmpty && _return is null && _staff is null)
        {
            await ShowIdleAsync(ct).ConfigureAwait(false);
        }

        _logger.LogInformation("Sensor {Device}/{Input} ({Kind}) is {State}{Initial}", change.Device, change.Input, change.Kind, change.Active ? "active" : "inactive", change.Initial ? " at start" : "");
    }

    private async Task HandleCardAsync(CardPresented card, CancellationToken ct)
    {
        var staff = _profile.Staff.FirstOrDefault(s => s.CardHash == card.UidHash);
        if (staff is null)
        {
            _logger.LogWarning("Card {Prefix} on {Reader} is not a staff card", card.UidHash.Prefix, card.Reader);
            Sound(BuzzerSignal.Attention);
            await ShowAsync("Ukjent kort", "", ct).ConfigureAwait(false);
            return;
        }

        if (_staff is { } current && current.Card.Id == staff.Id)
        {
            await EndStaffModeAsync("card presented again", ct).ConfigureAwait(false);
            return;
        }

        if (_staff is not null)
        {
            await EndStaffModeAsync($"{staff.Id} took over", ct).ConfigureAwait(false);
        }

        if (!_cart.IsEmpty || _return is not null)
        {
            _logger.LogWarning("Staff card of {Staff} refused: a customer's cart is open", staff.Id);
            await ShowAsync("Kunde handler", "Avbryt kurven forst", ct).ConfigureAwait(false);
            return;
        }

        var role = staff.Role.ToString().ToLowerInvariant();
        var acknowledge = staff.Role == StaffRole.Technician && Volatile.Read(ref _alarm) is not null && _tamperOpen.Count == 0;
        var events = new List<NewEvent> { new(EventTypes.StaffSession, EventJson.Serialize(new StaffSessionPayload(staff.Id, role, "start")), card.At) };
        if (acknowledge)
        {
            events.Add(new(EventTypes.AlarmAcknowledged, EventJson.Serialize(new AlarmAcknowledgedPayload("tamper", staff.Id)), card.At));
        }

        await _journal.CommitAsync(
            new JournalWrite(events, (state, _) =>
            {
                if (acknowledge)
                {
                    state.Put(StateCollections.Alarms, "tamper", new AlarmDocument { Raised = false, Since = card.At });
                }
            }),
            ct).ConfigureAwait(false);
        _upstream.Nudge();
        Volatile.Write(ref _staff, new StaffSession(staff, _time.GetTimestamp()));
        _receiving.Clear();
        PublishCart();
        Sound(BuzzerSignal.Acknowledge);
        if (acknowledge)
        {
            Volatile.Write(ref _alarm, null);
            _logger.LogWarning("Tamper alarm acknowledged by technician {Staff}; selling may resume", staff.Id);
        }
        else if (staff.Role == StaffRole.Technician && Volatile.Read(ref _alarm) is not null)
        {
            _logger.LogWarning("Tamper alarm not acknowledged by {Staff}: tamper switch(es) still open: {Open}", staff.Id, string.Join(", ", _tamperOpen));
        }

        _logger.LogInformation("Staff mode for {Staff} ({Role})", staff.Id, role);
        await ShowAsync("Personalmodus", Fit($"{staff.Id}: skann varer"), ct).ConfigureAwait(false);
    }

    /// <summary>A scan while in staff mode: goods receiving, booking, copies of receipts, leaving staff mode.</summary>
    private async Task<ScanOutcome> HandleStaffScanAsync(ScannedCode code, string data, StaffSession session, CancellationToken ct)
    {
        Volatile.Write(ref _staff, session with { LastAction = _time.GetTimestamp() });
        if (data == _profile.ControlBarcodes.Checkout)
        {
            var booked = await BookReceivingAsync(session.Card.Id, ct).ConfigureAwait(false);
            return new ScanOutcome(booked.Succeeded, booked.Message, _cartView);
        }

        if (data == _profile.ControlBarcodes.Cancel)
        {
            var dropped = _receiving.Count;
            _receiving.Clear();
            PublishCart();
            await ShowAsync("Personalmodus", "Varemottak tomt", ct).ConfigureAwait(false);
            return new ScanOutcome(true, $"goods receiving cleared ({dropped} line(s))", _cartView);
        }

        if (data == _profile.ControlBarcodes.Staff)
        {
            if (_receiving.Count > 0)
            {
                return await RejectAsync(code, "book (checkout barcode) or clear (cancel barcode) the received goods first", ct).ConfigureAwait(false);
            }

            await EndStaffModeAsync("staff barcode", ct).ConfigureAwait(false);
            return new ScanOutcome(true, "staff mode ended", _cartView);
        }

        if (ReturnCode.TryParse(data, out var kioskId, out var receiptNo))
        {
            if (kioskId != _profile.KioskId)
            {
                return await RejectAsync(code, $"receipt {receiptNo} is from kiosk {kioskId}", ct).ConfigureAwait(false);
            }

            var copy = await HandleReprintAsync(receiptNo, ct).ConfigureAwait(false);
            return new ScanOutcome(copy.Succeeded, copy.Message, _cartView);
        }

        var gtin = _interpreter.Interpret(data, code.SymbologyId) switch
        {
            ProductCode p => p.Gtin,
            Gs1Code { ElementString.Gtin: { } g } => g,
            _ => (Gtin?)null,
        };
        if (gtin is not { } item)
        {
            return await RejectAsync(code, "staff mode counts goods by their product barcode (weighed items are booked with kioskctl stock adjust)", ct).ConfigureAwait(false);
        }

        var doc = _journal.GetState<CatalogDocument>(StateCollections.Catalog, item.ToString());
        if (doc is null)
        {
            return await RejectAsync(code, $"unknown product {item}: not in the local catalog", ct).ConfigureAwait(false);
        }

        var at = _receiving.FindIndex(r => r.Gtin == item);
        if (at >= 0)
        {
            _receiving[at] = _receiving[at] with { Quantity = _receiving[at].Quantity + 1 };
        }
        else
        {
            _receiving.Add((item, doc.Name, 1));
        }

        PublishCart();
        await SignalAsync(code.Source, ScanFeedback.GoodRead, ct).ConfigureAwait(false);
        var count = _receiving.Sum(r => r.Quantity);
        await ShowAsync(Fit($"Mottak: {doc.Name}"), $"{count.ToString("0.###", Norwegian)} stk totalt", ct).ConfigureAwait(false);
        return new ScanOutcome(true, $"received {doc.Name}", _cartView);
    }

    private async Task<CheckoutOutcome> BookReceivingAsync(string staffId, CancellationToken ct)
    {
        if (_receiving.Count == 0)
        {
            return new CheckoutOutcome(false, "nothing to book: scan the received goods first");
        }

        var at = _time.GetUtcNow();
        var adjustments = _receiving.Select(r => new StockAdjustmentPayload(r.Gtin.ToString(), ContractFormat.Quantity(r.Quantity), "received", staffId)).ToList();
        var entries = await CommitAdjustmentsAsync(adjustments, at, ct).ConfigureAwait(false);
        var total = _receiving.Sum(r => r.Quantity);
        _receiving.Clear();
        PublishCart();
        Sound(BuzzerSignal.Acknowledge);
        await ShowAsync("Varemottak bokfort", $"{total.ToString("0.###", Norwegian)} stk", ct).ConfigureAwait(false);
        _logger.LogInformation("Goods receiving by {Staff} journaled as seq {First}-{Last}: {Lines} product(s), {Total} piece(s)", staffId, entries[0].Seq, entries[^1].Seq, entries.Count, total);
        return new CheckoutOutcome(true, $"booked {entries.Count} stock adjustment(s)", entries[^1].Seq);
    }

    /// <summary>One business event (a receiving, a correction): its adjustments and the local stock in one transaction.</summary>
    private async Task<IReadOnlyList<JournalEntry>> CommitAdjustmentsAsync(IReadOnlyList<StockAdjustmentPayload> adjustments, DateTimeOffset at, CancellationToken ct)
    {
        var entries = await _journal.CommitAsync(
            new JournalWrite(
                adjustments.Select(a => new NewEvent(EventTypes.StockAdjustment, EventJson.Serialize(a), at)).ToList(),
                (state, _) => ApplyStock(
                    state,
                    adjustments.GroupBy(a => a.Gtin).ToDictionary(g => g.Key, g => g.Sum(a => decimal.Parse(a.Delta, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture))),
                    at)),
            ct).ConfigureAwait(false);
        _upstream.Nudge();
        return entries;
    }

    private async Task<CheckoutOutcome> HandleAdjustAsync(AdjustWork work, CancellationToken ct)
    {
        if (!Gtin.TryParse(work.Gtin, out var gtin, out var error))
        {
            return new CheckoutOutcome(false, $"'{work.Gtin}' is not a GTIN: {error}");
        }

        if (_journal.GetState<CatalogDocument>(StateCollections.Catalog, gtin.ToString()) is null)
        {
            return new CheckoutOutcome(false, $"unknown product {gtin}: not in the local catalog");
        }

        if (work.Delta == 0 || decimal.Round(work.Delta, 3) != work.Delta)
        {
            return new CheckoutOutcome(false, $"{work.Delta} is not an adjustment: give a non-zero quantity with at most 3 decimals");
        }

        if (!AdjustmentReasons.Contains(work.Reason))
        {
            return new CheckoutOutcome(false, $"'{work.Reason}' is not a reason; expected one of: {string.Join(", ", AdjustmentReasons)}");
        }

        if (string.IsNullOrWhiteSpace(work.StaffId))
        {
            return new CheckoutOutcome(false, "a stock adjustment names who made it (staff id)");
        }

        var payload = new StockAdjustmentPayload(gtin.ToString(), ContractFormat.Quantity(work.Delta), work.Reason, work.StaffId);
        var entries = await CommitAdjustmentsAsync([payload], _time.GetUtcNow(), ct).ConfigureAwait(false);
        _logger.LogInformation("Stock adjustment {Delta} of {Gtin} ({Reason}) by {Staff} journaled as seq {Seq}", payload.Delta, payload.Gtin, payload.Reason, payload.StaffId, entries[0].Seq);
        return new CheckoutOutcome(true, $"stock of {gtin} adjusted by {payload.Delta} ({payload.Reason})", entries[0].Seq);
    }

    private async Task<CheckoutOutcome> HandleUnlockAsync(UnlockWork work, CancellationToken ct)
    {
        if (_devices.Locks.FirstOrDefault() is not { } doorLock)
        {
            return new CheckoutOutcome(false, "the profile has no door lock");
        }

        if (string.IsNullOrWhiteSpace(work.Reason))
        {
            return new CheckoutOutcome(false, "say why the door is opened (--reason)");
        }

        var seconds = (int)Math.Ceiling((work.HoldOpen ?? TimeSpan.FromSeconds(5)).TotalSeconds);
        var entries = await _journal.CommitAsync(
            new JournalWrite([new NewEvent(EventTypes.DoorUnlock, EventJson.Serialize(new DoorUnlockPayload(doorLock.Name, work.By, work.Reason, seconds)), _time.GetUtcNow())], null),
            ct).ConfigureAwait(false);
        _upstream.Nudge();
        var opened = doorLock.TryUnlock($"door-unlock seq {entries[0].Seq} by {work.By}: {work.Reason}", work.HoldOpen);
        return new CheckoutOutcome(opened, opened ? $"door unlocked (journaled as seq {entries[0].Seq})" : "the lock could not be driven; the door stays locked", entries[0].Seq);
    }

    /// <summary>After a sale is durable: the customer may take the goods.</summary>
    private void UnlockAfterSale(long receiptNo, long seq)
    {
        if (!_profile.Access.UnlockAfterSale)
        {
            return;
        }

        foreach (var doorLock in _devices.Locks)
        {
            if (!doorLock.TryUnlock($"sale {receiptNo} (seq {seq})"))
            {
                _logger.LogError("Door lock {Lock} did not open after sale {ReceiptNo}", doorLock.Name, receiptNo);
            }
        }
    }

    private async Task EndStaffModeAsync(string reason, CancellationToken ct)
    {
        if (Volatile.Read(ref _staff) is not { } session)
        {
            return;
        }

        if (_receiving.Count > 0)
        {
            _logger.LogWarning("Staff mode of {Staff} ended ({Reason}) with {Lines} received line(s) not booked; they are discarded", session.Card.Id, reason, _receiving.Count);
            _receiving.Clear();
        }

        Volatile.Write(ref _staff, null);
        await _journal.CommitAsync(
            new JournalWrite([new NewEvent(EventTypes.StaffSession, EventJson.Serialize(new StaffSessionPayload(session.Card.Id, session.Card.Role.ToString().ToLowerInvariant(), "end", reason)), _time.GetUtcNow())], null),
            ct).ConfigureAwait(false);
        _upstream.Nudge();
        PublishCart();
        _logger.LogInformation("Staff mode of {Staff} ended: {Reason}", session.Card.Id, reason);
        await ShowIdleAsync(ct).ConfigureAwait(false);
    }

    private async Task EndStaffModeIfIdleAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _staff) is { } session && _time.GetElapsedTime(session.LastAction) >= _profile.Access.StaffModeTimeout)
        {
            await EndStaffModeAsync("timeout", ct).ConfigureAwait(false);
        }
    }

    private void Sound(BuzzerSignal signal)
    {
        foreach (var buzzer in _devices.Buzzers)
        {
            buzzer.Sound(signal);
        }
    }

    private sealed record StaffSession(StaffCard Card, long LastAction);

    private sealed record SensorWork(SensorChange Change, TaskCompletionSource<bool> Completion) : Work<bool>(Completion)
    {
        public override void Refuse(string reason) => Completion.TrySetResult(false);
    }

    private sealed record CardWork(CardPresented Card, TaskCompletionSource<bool> Completion) : Work<bool>(Completion)
    {
        public override void Refuse(string reason) => Completion.TrySetResult(false);
    }

    private sealed record UnlockWork(string By, string Reason, TimeSpan? HoldOpen, TaskCompletionSource<CheckoutOutcome> Completion) : Work<CheckoutOutcome>(Completion)
    {
        public override void Refuse(string reason) => Completion.TrySetResult(new CheckoutOutcome(false, reason));
    }

    private sealed record AdjustWork(string Gtin, decimal Delta, string Reason, string StaffId, TaskCompletionSource<CheckoutOutcome> Completion) : Work<CheckoutOutcome>(Completion)
    {
        public override void Refuse(string reason) => Completion.TrySetResult(new CheckoutOutcome(false, reason));
    }
}
