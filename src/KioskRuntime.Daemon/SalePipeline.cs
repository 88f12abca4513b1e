using System.Threading.Channels;
using KioskRuntime.Daemon.Flows;
using KioskRuntime.Daemon.LocalApi;
using KioskRuntime.Devices;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Journal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon;

/// <summary>
/// The sale loop: ONE reader of one channel. Scanners, the control socket, sensors, card readers and timers only enqueue; the loop takes
/// one piece of work at a time and hands it to the flow that owns it (<see cref="SaleFlows"/>), so nothing races and only the loop
/// mutates state. The loop beats its progress beacon at least twice a second; a stuck loop stops the systemd watchdog. The queue is
/// bounded: device input that does not fit, and scans during a payment, are dropped and counted (<c>SalePipeline.Admission.cs</c>).
/// </summary>
internal sealed partial class SalePipeline : BackgroundService, IScanSink, ISensorSink, ICardSink
{
    private readonly Channel<SaleWork> _work = Channel.CreateBounded<SaleWork>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly KioskJournal _journal;
    private readonly SaleFlows _flows;
    private readonly string _checkoutBarcode;
    private readonly TimeProvider _time;
    private readonly ILogger<SalePipeline> _logger;

    public SalePipeline(
        KioskJournal journal,
        HardwareProfile profile,
        DeviceSupervisor devices,
        ReceiptComposer receipts,
        IUpstreamLink upstream,
        KioskState state,
        LoopRegistry loops,
        KioskOptions options,
        IKioskFaults faults,
        TimeProvider time,
        ILoggerFactory loggers,
        ScreenEvents? screen = null)
        : this(
            journal,
            profile,
            devices.Devices,
            (progress, events) => SaleFlows.Create(
                journal, profile, devices.Devices, receipts, upstream, state, progress, TimeSpan.FromSeconds(options.PaymentStatusWindowSeconds), faults, time, loggers, events),
            time,
            loggers,
            screen)
    {
        loops.Register("sale-pipeline", Progress);
    }

    // For testing: the flows wired by the test over its own journal and devices.
    internal SalePipeline(
        KioskJournal journal,
        HardwareProfile profile,
        IReadOnlyList<IDevice> devices,
        Func<ProgressBeacon, ScreenEvents, SaleFlows> flows,
        TimeProvider time,
        ILoggerFactory loggers,
        ScreenEvents? screen = null)
    {
        _journal = journal;
        Screen = screen ?? new ScreenEvents(time);
        _time = time;
        _logger = loggers.CreateLogger<SalePipeline>();
        _checkoutBarcode = profile.ControlBarcodes.Checkout;
        _rejectedLog = new LogThrottle(TimeSpan.FromSeconds(10), time);
        _droppedLog = new LogThrottle(TimeSpan.FromSeconds(10), time);
        Progress = new ProgressBeacon(time);
        _flows = flows(Progress, Screen);
        foreach (var sensors in devices.OfType<ISensors>())
        {
            sensors.AttachSink(this);
        }

        foreach (var reader in devices.OfType<ICardReader>())
        {
            reader.AttachSink(this);
        }
    }

    public ProgressBeacon Progress { get; }

    /// <summary>What the local screen API streams (scans answered, payment and receipt steps).</summary>
    public ScreenEvents Screen { get; }

    /// <summary>The VAT of the published cart, per rate (any thread).</summary>
    public IReadOnlyList<(string Rate, string Amount)> CartVat => _flows.Cart.VatView;

    /// <summary>The cart as last published by the loop (safe to read from any thread).</summary>
    public Control.CartView CartSnapshot => _flows.Cart.View;

    /// <summary>Staff mode as <c>kioskctl status</c> shows it; null when nobody is in staff mode.</summary>
    public string? StaffModeHolder => _flows.Staff.Session?.Card.Id;

    /// <summary>Why the kiosk cannot take money right now, or null when it can (any thread).</summary>
    public string? WhyNotSelling() => _flows.Readiness.WhyNotSelling();


    public Task<ScanOutcome> ScanAsync(string data, string? symbologyId, CancellationToken ct) =>
        Enqueue(new ScanWork(new ScannedCode(data, symbologyId, "control", _time.GetUtcNow()), ScanWork.NewCompletion()), ct);

    /// <summary>Adds a product chosen on the screen (PLU look-up, loose goods with a weight).</summary>
    public Task<ScanOutcome> AddItemAsync(string gtin, decimal? weightKg, CancellationToken ct) =>
        Enqueue(new AddItemWork(gtin, weightKg, AddItemWork.NewCompletion()), ct);

    public Task<CheckoutOutcome> CheckoutAsync(CancellationToken ct) => Enqueue(new CheckoutWork(CheckoutWork.NewCompletion()), ct);

    public Task<ScanOutcome> CancelAsync(CancellationToken ct) => Enqueue(new CancelWork(CancelWork.NewCompletion()), ct);

    /// <summary>Prints the one allowed copy (KOPI) of a receipt.</summary>
    public Task<CheckoutOutcome> ReprintAsync(long receiptNo, CancellationToken ct) => Enqueue(new ReprintWork(receiptNo, ReprintWork.NewCompletion()), ct);

    /// <summary>Unlocks the door for a staff action named by <paramref name="reason"/>; journaled before the lock is driven.</summary>
    public Task<CheckoutOutcome> UnlockDoorAsync(string by, string reason, TimeSpan? holdOpen, CancellationToken ct) =>
        Enqueue(new UnlockWork(by, reason, holdOpen, UnlockWork.NewCompletion()), ct);

    /// <summary>Journals one stock adjustment (count, damage, theft, received, other) by a named member of staff.</summary>
    public Task<CheckoutOutcome> AdjustStockAsync(string gtin, decimal delta, string reason, string staffId, CancellationToken ct) =>
        Enqueue(new AdjustWork(gtin, delta, reason, staffId, AdjustWork.NewCompletion()), ct);

    /// <summary>Fault injection (<c>kioskctl debug stall</c>): blocks the loop without progress, so the watchdog stops being fed.</summary>
    public Task<bool> StallAsync(TimeSpan duration, CancellationToken ct) => Enqueue(new StallWork(duration, StallWork.NewCompletion()), ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Progress.Beat();
        _flows.Alarm.Load(_journal);
        await _flows.Recovery.RecoverAsync(stoppingToken).ConfigureAwait(false);
        await _flows.Receipts.SettleInterruptedAsync(stoppingToken).ConfigureAwait(false);
        await _flows.Receipts.PrintWaitingAsync(stoppingToken).ConfigureAwait(false);
        await _flows.Feedback.ShowIdleAsync(stoppingToken).ConfigureAwait(false);
        var idleTicks = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            Progress.Beat();
            SaleWork? work;
            try
            {
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                tick.CancelAfter(TimeSpan.FromMilliseconds(400));
                work = await _work.Reader.ReadAsync(tick.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                await OnIdleAsync(++idleTicks, stoppingToken).ConfigureAwait(false);
                continue;
            }
            catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
            {
                break;
            }

            await ProcessAdmittedAsync(work, stoppingToken).ConfigureAwait(false);
        }

        // Anything still queued at shutdown is refused, never silently dropped.
        while (_work.Reader.TryRead(out var left))
        {
            left.Refuse("kioskd is stopping");
        }
    }

    private async Task<T> Enqueue<T>(SaleWork<T> work, CancellationToken ct)
    {
        await _work.Writer.WriteAsync(work, ct).ConfigureAwait(false);
        return await work.Completion.Task.WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Nothing queued: end an idle staff session; every few seconds, print receipts that were waiting for the printer.</summary>
    private async Task OnIdleAsync(int idleTicks, CancellationToken ct)
    {
        await _flows.Staff.EndIfIdleAsync(ct).ConfigureAwait(false);
        _flows.Cart.Publish();
        if (idleTicks % 10 == 0)
        {
            await _flows.Receipts.PrintWaitingAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>The first item of a new cart: the last customer's payment and receipt steps leave the screen.</summary>
    private void ClearScreenStepsIfNewCustomer()
    {
        if (_flows.Cart.View.Lines.Count == 0 && !_flows.Cart.CustomerBusy)
        {
            Screen.ClearSteps();
        }
    }

    private async Task ProcessAsync(SaleWork work, CancellationToken stoppingToken)
    {
        try
        {
            switch (work)
            {
                case ScanWork scan:
                    ClearScreenStepsIfNewCustomer();
                    var scanned = await _flows.Cart.ScanAsync(scan.Code, stoppingToken).ConfigureAwait(false);
                    Screen.Scan(scanned.Accepted, scanned.Message, scan.Code.Source);
                    scan.Completion.TrySetResult(scanned);
                    break;
                case AddItemWork item:
                    ClearScreenStepsIfNewCustomer();
                    var added = await _flows.Cart.AddChosenAsync(item.Gtin, item.WeightKg, stoppingToken).ConfigureAwait(false);
                    Screen.Scan(added.Accepted, added.Message, "screen");
                    item.Completion.TrySetResult(added);
                    break;
                case CheckoutWork checkout:
                    checkout.Completion.TrySetResult(await _flows.Cart.CheckoutAsync(stoppingToken).ConfigureAwait(false));
                    break;
                case CancelWork cancel:
                    Screen.ClearSteps();
                    cancel.Completion.TrySetResult(await _flows.Cart.CancelAsync(stoppingToken).ConfigureAwait(false));
                    break;
                case ReprintWork reprint:
                    reprint.Completion.TrySetResult(await _flows.Receipts.ReprintAsync(reprint.ReceiptNo, stoppingToken).ConfigureAwait(false));
                    break;
                case SensorWork sensor:
                    await _flows.Access.OnSensorAsync(sensor.Change, _flows.Cart.CustomerBusy, stoppingToken).ConfigureAwait(false);
                    sensor.Completion.TrySetResult(true);
                    break;
                case CardWork card:
                    await _flows.Access.OnCardAsync(card.Card, _flows.Cart.CustomerBusy, stoppingToken).ConfigureAwait(false);
                    card.Completion.TrySetResult(true);
                    break;
                case UnlockWork unlock:
                    unlock.Completion.TrySetResult(await _flows.Access.UnlockAsync(unlock.By, unlock.Reason, unlock.HoldOpen, stoppingToken).ConfigureAwait(false));
                    break;
                case AdjustWork adjust:
                    adjust.Completion.TrySetResult(await _flows.Stock.AdjustAsync(adjust.Gtin, adjust.Delta, adjust.Reason, adjust.StaffId, stoppingToken).ConfigureAwait(false));
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
        finally
        {
            _flows.Cart.Publish(); // staff mode, a return or the cart may have changed: what kioskctl status shows follows at once
        }
    }
}
