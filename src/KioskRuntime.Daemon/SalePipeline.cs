using System.Threading.Channels;
using KioskRuntime.Barcodes;
using KioskRuntime.Control;
using KioskRuntime.Devices;
using KioskRuntime.Domain;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Journal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon;

/// <summary>
/// The sale pipeline: scans become cart lines, checkout becomes a journaled payment intent, a terminal request, one journal transaction
/// for the sale (lines, payment, stock), and a receipt. One loop owns the cart; everything reaches it through a queue, so scanners, the
/// control socket and control barcodes never race. The loop beats its progress beacon at least twice a second; a stuck loop stops the
/// systemd watchdog.
/// </summary>
public sealed partial class SalePipeline : BackgroundService, IScanSink
{
    private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly KioskJournal _journal;
    private readonly HardwareProfile _profile;
    private readonly DeviceSupervisor _devices;
    private readonly ReceiptComposer _receipts;
    private readonly IUpstreamLink _upstream;
    private readonly KioskState _state;
    private readonly KioskOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SalePipeline> _logger;
    private readonly BarcodeInterpreter _interpreter;
    private readonly Cart _cart = new();
    private ReturnContext? _return;
    private bool _receiptsMayBeWaiting = true; // owned by the pipeline loop
    private (string Data, long Timestamp) _lastScan;
    private volatile CartView _cartView = new([], "0.00", "sale");

    public SalePipeline(
        KioskJournal journal,
        HardwareProfile profile,
        DeviceSupervisor devices,
        ReceiptComposer receipts,
        IUpstreamLink upstream,
        KioskState state,
        LoopRegistry loops,
        KioskOptions options,
        TimeProvider time,
        ILogger<SalePipeline> logger)
    {
        _journal = journal;
        _profile = profile;
        _devices = devices;
        _receipts = receipts;
        _upstream = upstream;
        _state = state;
        _options = options;
        _time = time;
        _logger = logger;
        _interpreter = new BarcodeInterpreter(profile.VariableMeasure);
        Progress = new ProgressBeacon(time);
        loops.Register("sale-pipeline", Progress);
        AttachAccessDevices();
    }

    public ProgressBeacon Progress { get; }

    /// <summary>The cart as last published by the loop (safe to read from any thread).</summary>
    public CartView CartSnapshot => _cartView;

    public ValueTask OnScannedAsync(ScannedCode code, CancellationToken cancellationToken) =>
        _work.Writer.WriteAsync(new ScanWork(code, new TaskCompletionSource<ScanOutcome>(TaskCreationOptions.RunContinuationsAsynchronously)), cancellationToken);

    public ValueTask OnRejectedAsync(ScanRejected rejected, CancellationToken cancellationToken)
    {
        _logger.LogWarning("Scanner {Source} delivered input that is not a barcode: {Reason}", rejected.Source, rejected.Reason);
        return ValueTask.CompletedTask;
    }

    public Task<ScanOutcome> ScanAsync(string data, string? symbologyId, CancellationToken ct) =>
        Enqueue(new ScanWork(new ScannedCode(data, symbologyId, "control", _time.GetUtcNow()), new(TaskCreationOptions.RunContinuationsAsynchronously)), ct);

    public Task<CheckoutOutcome> CheckoutAsync(CancellationToken ct) =>
        Enqueue(new CheckoutWork(new(TaskCreationOptions.RunContinuationsAsynchronously)), ct);

    public Task<ScanOutcome> CancelAsync(CancellationToken ct) =>
        Enqueue(new CancelWork(new(TaskCreationOptions.RunContinuationsAsynchronously)), ct);

    /// <summary>Fault injection: blocks the loop without progress for <paramref name="duration"/>, so the watchdog stops being fed.</summary>
    public Task<bool> StallAsync(TimeSpan duration, CancellationToken ct) =>
        Enqueue(new StallWork(duration, new(TaskCreationOptions.RunContinuationsAsynchronously)), ct);

    /// <summary>Prints the one allowed copy (KOPI) of a receipt.</summary>
    public Task<CheckoutOutcome> ReprintAsync(long receiptNo, CancellationToken ct) =>
        Enqueue(new ReprintWork(receiptNo, new(TaskCreationOptions.RunContinuationsAsynchronously)), ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Progress.Beat();
        LoadAlarm();
        await RecoverPaymentsAsync(stoppingToken).ConfigureAwait(false);
        await SettleInterruptedPrintsAsync(stoppingToken).ConfigureAwait(false);
        await PrintWaitingReceiptsAsync(stoppingToken).ConfigureAwait(false);
        await ShowIdleAsync(stoppingToken).ConfigureAwait(false);
        var idleTicks = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            Progress.Beat();
            Work? work;
            try
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                tick.CancelAfter(TimeSpan.FromMilliseconds(400));
                work = await _work.Reader.ReadAsync(tick.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                await EndStaffModeIfIdleAsync(stoppingToken).ConfigureAwait(false);

                // Idle: every few seconds, print receipts that were waiting for the printer.
                if (++idleTicks % 10 == 0)
                {
                    await PrintWaitingReceiptsAsync(stoppingToken).ConfigureAwait(false);
                }

                continue;
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (ChannelClosedException)
            {
                break;
            }

            await ProcessAsync(work, stoppingToken).ConfigureAwait(false);
        }

        // Anything still queued at shutdown is refused, never silently dropped.
        while (_work.Reader.TryRead(out var left))
        {
            left.Refuse("kioskd is stopping");
        }
    }

    private async Task<T> Enqueue<T>(Work<T> work, CancellationToken ct)
    {
        await _work.Writer.WriteAsync(work, ct).ConfigureAwait(false);
        return await work.Completion.Task.WaitAsync(ct).ConfigureAwait(false);
    }

    private async Task ProcessAsync(Work work, CancellationToken stoppingToken)
    {
        try
        {
            switch (work)
            {
                case ScanWork scan:
                    scan.Completion.TrySetResult(await HandleScanAsync(scan.Code, stoppingToken).ConfigureAwait(false));
                    break;
                case CheckoutWork checkout:
                    checkout.Completion.TrySetResult(await HandleCheckoutAsync(stoppingToken).ConfigureAwait(false));
                    break;
                case CancelWork cancel:
                    _cart.Clear();
                    _return = null;
                    PublishCart();
                    await ShowIdleAsync(stoppingToken).ConfigureAwait(false);
                    cancel.Completion.TrySetResult(new ScanOutcome(true, "cart cleared", _cartView));
                    break;
                case ReprintWork reprint:
                    reprint.Completion.TrySetResult(await HandleReprintAsync(reprint.ReceiptNo, stoppingToken).ConfigureAwait(false));
                    break;
                case SensorWork sensor:
                    await HandleSensorAsync(sensor.Change, stoppingToken).ConfigureAwait(false);
                    sensor.Completion.TrySetResult(true);
                    break;
                case CardWork card:
                    await HandleCardAsync(card.Card, stoppingToken).ConfigureAwait(false);
                    card.Completion.TrySetResult(true);
                    break;
                case UnlockWork unlock:
                    unlock.Completion.TrySetResult(await HandleUnlockAsync(unlock, stoppingToken).ConfigureAwait(false));
                    break;
                case AdjustWork adjust:
                    adjust.Completion.TrySetResult(await HandleAdjustAsync(adjust, stoppingToken).ConfigureAwait(false));
                    break;
                case StallWork stall:
                    _logger.LogWarning("Sale pipeline stalled on purpose for {Duration} (debug fault injection)", stall.Duration);
                    stall.Completion.TrySetResult(true);
                    await Task.Delay(stall.Duration, _time, stoppingToken).ConfigureAwait(false);
                    break;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            work.Refuse("kioskd is stopping");
        }
        catch (JournalUnavailableException e)
        {
            _logger.LogError("Journal unavailable: {Reason}", e.Reason);
            work.Refuse($"journal unavailable: {e.Reason}");
        }
        catch (Exception e)
        {
            _logger.LogError(e, "The sale pipeline failed while handling {Work}", work.GetType().Name);
            work.Refuse($"internal error: {e.Message}");
        }
    }

    private async Task<ScanOutcome> HandleScanAsync(ScannedCode code, CancellationToken ct)
    {
        var data = code.Data.Trim();
        var now = _time.GetTimestamp();
        if (_profile.DuplicateScanWindow > TimeSpan.Zero && _lastScan.Data == data && _time.GetElapsedTime(_lastScan.Timestamp, now) < _profile.DuplicateScanWindow)
        {
            return new ScanOutcome(false, "duplicate scan ignored", _cartView);
        }

        _lastScan = (data, now);
        await EndStaffModeIfIdleAsync(ct).ConfigureAwait(false);
        if (Volatile.Read(ref _staff) is { } staff)
        {
            return await HandleStaffScanAsync(code, data, staff, ct).ConfigureAwait(false);
        }

        if (data == _profile.ControlBarcodes.Staff)
        {
            var how = _devices.Devices.OfType<ICardReader>().Any() ? "present a staff card to the reader" : "this kiosk has no card reader for staff mode";
            return await RejectAsync(code, $"staff mode: {how}", ct).ConfigureAwait(false);
        }

        if (data == _profile.ControlBarcodes.Checkout)
        {
            var result = await HandleCheckoutAsync(ct).ConfigureAwait(false);
            return new ScanOutcome(result.Succeeded, result.Message, _cartView);
        }

        if (data == _profile.ControlBarcodes.Cancel)
        {
            _cart.Clear();
            _return = null;
            PublishCart();
            await ShowIdleAsync(ct).ConfigureAwait(false);
            return new ScanOutcome(true, "cart cleared", _cartView);
        }

        if (ReturnCode.TryParse(data, out var kioskId, out var receiptNo))
        {
            return await StartReturnAsync(code, kioskId, receiptNo, ct).ConfigureAwait(false);
        }

        if (_return is not null)
        {
            return await RejectAsync(code, "a return is in progress: check out or cancel it first", ct).ConfigureAwait(false);
        }

        var reading = _interpreter.Interpret(data, code.SymbologyId);
        var (product, add, error) = reading switch
        {
            ProductCode p => Resolve(p.Gtin, (prod, cart) => prod.Unit == SalesUnit.Kilograms ? null : cart.AddPieces(prod)),
            VariableMeasureCode v => Resolve(v.ItemKey, (prod, cart) =>
                v.WeightKg is { } kg ? cart.AddWeighed(prod, kg) : v.PriceKroner is { } kr ? cart.AddPriced(prod, Money.Of(kr)) : null),
            Gs1Code g when g.ElementString.Gtin is { } gtin => Resolve(gtin, (prod, cart) =>
                g.ElementString.NetWeightKg is { } kg && prod.Unit == SalesUnit.Kilograms ? cart.AddWeighed(prod, kg)
                : prod.Unit == SalesUnit.Pieces ? cart.AddPieces(prod) : null),
            Gs1Code => (null, null, "the GS1 code carries no GTIN (AI 01)"),
            InvalidCode bad => (null, null, bad.Reason),
            _ => (null, null, $"'{data}' is not a product barcode"),
        };

        if (error is not null || product is null || add is null)
        {
            return await RejectAsync(code, error ?? "cannot add this item", ct).ConfigureAwait(false);
        }

        var line = add(product, _cart);
        if (line is null)
        {
            var why = product.Unit == SalesUnit.Kilograms ? $"{product.Name} is sold by weight: scan the label from the scale" : $"{product.Name} cannot be added from this barcode";
            return await RejectAsync(code, why, ct).ConfigureAwait(false);
        }

        PublishCart();
        await SignalAsync(code.Source, ScanFeedback.GoodRead, ct).ConfigureAwait(false);
        await ShowAsync(Fit(product.Name), $"{line.LineTotal.Amount.ToString("N2", Norwegian)}  Sum {_cart.Total.Amount.ToString("N2", Norwegian)}", ct).ConfigureAwait(false);
        _logger.LogInformation("Added {Name} ({Gtin}) x {Qty}: cart {Lines} line(s), total {Total}", product.Name, product.Gtin, line.Quantity, _cart.Lines.Count, _cart.Total);
        return new ScanOutcome(true, $"added {product.Name}", _cartView);
    }

    private (Product? Product, Func<Product, Cart, CartLine?>? Add, string? Error) Resolve(Gtin gtin, Func<Product, Cart, CartLine?> add)
    {
        var doc = _journal.GetState<CatalogDocument>(StateCollections.Catalog, gtin.ToString());
        if (doc is null)
        {
            return (null, null, $"unknown product {gtin}: not in the local catalog");
        }

        return doc.TryToProduct(out var product, out var error) ? (product, add, null) : (null, null, $"catalog entry is broken: {error}");
    }

    private async Task<ScanOutcome> RejectAsync(ScannedCode code, string reason, CancellationToken ct)
    {
        _logger.LogWarning("Scan of '{Data}' from {Source} rejected: {Reason}", code.Data, code.Source, reason);
        await SignalAsync(code.Source, ScanFeedback.Error, ct).ConfigureAwait(false);
        await ShowAsync("Kan ikke legges til", Fit(reason), ct).ConfigureAwait(false);
        return new ScanOutcome(false, reason, _cartView);
    }

    private void PublishCart() => _cartView = Volatile.Read(ref _staff) is { } staff
        ? new CartView(
            _receiving.Select(r => new CartLineView(r.Gtin.ToString(), r.Name, ContractFormat.Quantity(r.Quantity), "0.00", "0.00")).ToList(),
            "0.00",
            $"staff: goods receiving by {staff.Card.Id}")
        : new CartView(
        _cart.Lines.Select(l => new CartLineView(l.Product.Gtin.ToString(), l.Product.Name, ContractFormat.Quantity(l.Quantity), l.UnitPrice.ToContractString(), l.LineTotal.ToContractString())).ToList(),
        _return is null ? _cart.Total.ToContractString() : _return.Total.ToContractString(),
        _return is null ? "sale" : $"return of receipt {_return.OriginalReceiptNo}");

    private async ValueTask SignalAsync(string source, ScanFeedback feedback, CancellationToken ct)
    {
        foreach (var scanner in _devices.Scanners.Where(s => s.Name == source))
        {
            await scanner.SignalAsync(feedback, ct).ConfigureAwait(false);
        }
    }

    private abstract record Work
    {
        public abstract void Refuse(string reason);
    }

    private abstract record Work<T>(TaskCompletionSource<T> Completion) : Work;

    private sealed record ScanWork(ScannedCode Code, TaskCompletionSource<ScanOutcome> Completion) : Work<ScanOutcome>(Completion)
    {
        public override void Refuse(string reason) => Completion.TrySetResult(new ScanOutcome(false, reason, new CartView([], "0.00", "sale")));
    }

    private sealed record CheckoutWork(TaskCompletionSource<CheckoutOutcome> Completion) : Work<CheckoutOutcome>(Completion)
    {
        public override void Refuse(string reason) => Completion.TrySetResult(new CheckoutOutcome(false, reason));
    }

    private sealed record CancelWork(TaskCompletionSource<ScanOutcome> Completion) : Work<ScanOutcome>(Completion)
    {
        public override void Refuse(string reason) => Completion.TrySetResult(new ScanOutcome(false, reason, new CartView([], "0.00", "sale")));
    }

    private sealed record ReprintWork(long ReceiptNo, TaskCompletionSource<CheckoutOutcome> Completion) : Work<CheckoutOutcome>(Completion)
    {
        public override void Refuse(string reason) => Completion.TrySetResult(new CheckoutOutcome(false, reason));
    }

    private sealed record StallWork(TimeSpan Duration, TaskCompletionSource<bool> Completion) : Work<bool>(Completion)
    {
        public override void Refuse(string reason) => Completion.TrySetResult(false);
    }
}
