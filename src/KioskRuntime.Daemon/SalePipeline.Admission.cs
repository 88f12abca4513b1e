using KioskRuntime.Devices;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon;

/// <summary>
/// What device input gets into the loop's queue. A flooding or malicious scanner must not grow memory while a payment holds the loop
/// (up to minutes): scans are dropped while a payment is in progress (one warning per payment, a count at its end), scans beyond
/// <see cref="MaxQueuedScans"/> are dropped with a rate-limited warning, and the whole queue holds at most <see cref="QueueCapacity"/>
/// items (control commands wait for room; sensor changes and cards that do not fit are dropped and logged). Device callbacks never wait.
/// </summary>
internal sealed partial class SalePipeline
{
    /// <summary>Items the loop's queue holds at most.</summary>
    public const int QueueCapacity = 256;

    /// <summary>Device scans queued at most; a person scans a few a second, the loop handles each in milliseconds.</summary>
    public const int MaxQueuedScans = 32;

    private readonly LogThrottle _rejectedLog;
    private readonly LogThrottle _droppedLog;
    private long _queuedScans;
    private long _droppedScans;
    private long _droppedThisPayment;
    private volatile bool _paying;

    /// <summary>Device scans waiting in the queue now.</summary>
    public long QueuedScans => Interlocked.Read(ref _queuedScans);

    /// <summary>Device scans dropped since start (during payments or with the queue full).</summary>
    public long DroppedScans => Interlocked.Read(ref _droppedScans);

    /// <summary>Items in the loop's queue now.</summary>
    public int QueuedItems => _work.Reader.Count;

    public ValueTask OnScannedAsync(ScannedCode code, CancellationToken cancellationToken)
    {
        if (_paying)
        {
            Interlocked.Increment(ref _droppedScans);
            if (Interlocked.Increment(ref _droppedThisPayment) == 1)
            {
                _logger.LogWarning("Scans from {Source} are dropped while a payment is in progress", code.Source);
            }

            return ValueTask.CompletedTask;
        }

        if (Interlocked.Increment(ref _queuedScans) > MaxQueuedScans || !_work.Writer.TryWrite(new ScanWork(code, ScanWork.NewCompletion()) { FromDevice = true }))
        {
            Interlocked.Decrement(ref _queuedScans);
            Interlocked.Increment(ref _droppedScans);
            if (_droppedLog.TryPass(out var held))
            {
                _logger.LogWarning("Scan from {Source} dropped: {Queued} scans already queued ({Held} more dropped since the last warning)", code.Source, MaxQueuedScans, held);
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask OnRejectedAsync(ScanRejected rejected, CancellationToken cancellationToken)
    {
        if (_rejectedLog.TryPass(out var held))
        {
            _logger.LogWarning(
                "Scanner {Source} delivered input that is not a barcode: {Reason} ({Held} more held back since the last warning)",
                rejected.Source, Clip(rejected.Reason), held);
        }

        return ValueTask.CompletedTask;
    }

    // Never wait for the loop in a device callback: a payment can hold it for minutes, and a device loop that waits stops the watchdog.
    public ValueTask OnSensorChangedAsync(SensorChange change, CancellationToken cancellationToken)
    {
        if (!_work.Writer.TryWrite(new SensorWork(change, SensorWork.NewCompletion())))
        {
            _logger.LogError("Sensor change {Device}/{Input} dropped: the sale loop's queue is full", change.Device, change.Input);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask OnCardAsync(CardPresented card, CancellationToken cancellationToken)
    {
        if (!_work.Writer.TryWrite(new CardWork(card, CardWork.NewCompletion())))
        {
            _logger.LogWarning("Card on {Reader} dropped: the sale loop's queue is full", card.Reader);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Hands one dequeued item to <see cref="ProcessAsync"/>; a checkout (a payment or a refund) closes the door to scans meanwhile.</summary>
    private async Task ProcessAdmittedAsync(SaleWork work, CancellationToken stoppingToken)
    {
        if (work is ScanWork { FromDevice: true })
        {
            Interlocked.Decrement(ref _queuedScans);
        }

        var paying = work is CheckoutWork || (work is ScanWork scan && scan.Code.Data.Trim() == _checkoutBarcode);
        _paying = paying;
        try
        {
            await ProcessAsync(work, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            _paying = false;
            if (paying && Interlocked.Exchange(ref _droppedThisPayment, 0) is var dropped and > 0)
            {
                _logger.LogWarning("{Dropped} scan(s) were dropped during the payment", dropped);
            }
        }
    }

    private static string Clip(string text) => text.Length <= 120 ? text : string.Concat(text.AsSpan(0, 120), "…");
}
