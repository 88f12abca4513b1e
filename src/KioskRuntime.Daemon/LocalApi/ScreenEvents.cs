using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;

namespace KioskRuntime.Daemon.LocalApi;

/// <summary>
/// The screen's event fan-out. The sale loop and its flows publish (scan answered, payment step, receipt step); every connected screen
/// has its own bounded queue. Publishing never waits: a client whose queue is full is cut off (it reconnects and is sent the true state
/// first), so a stuck browser can never slow the sale loop. Thread-safe; holds the last payment and receipt step for the state document.
/// </summary>
internal sealed class ScreenEvents(TimeProvider time)
{
    /// <summary>Events one client may have waiting before it is cut off.</summary>
    public const int ClientCapacity = 64;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Lock _gate = new();
    private readonly List<ScreenClient> _clients = [];
    private long _nextId;
    private long _cutOff;

    public PaymentStep? LastPayment { get; private set; }

    public ReceiptStep? LastReceipt { get; private set; }

    public ScanStep? LastScan { get; private set; }

    public int ClientCount
    {
        get
        {
            lock (_gate)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>Clients cut off since start because they did not read (a number the tests and the technician page read).</summary>
    public long CutOff => Interlocked.Read(ref _cutOff);

    public ScreenClient Subscribe()
    {
        var client = new ScreenClient(Channel.CreateBounded<ScreenEvent>(new BoundedChannelOptions(ClientCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait, // only TryWrite is used: a full queue answers false at once
        }));
        lock (_gate)
        {
            _clients.Add(client);
        }

        return client;
    }

    public void Unsubscribe(ScreenClient client)
    {
        lock (_gate)
        {
            _clients.Remove(client);
        }

        client.Queue.Writer.TryComplete();
    }

    /// <summary>Ends every stream (kioskd is stopping): browsers reconnect to the next kioskd and get its state.</summary>
    public void CloseAll()
    {
        ScreenClient[] clients;
        lock (_gate)
        {
            clients = [.. _clients];
            _clients.Clear();
        }

        foreach (var client in clients)
        {
            client.Queue.Writer.TryComplete();
        }
    }

    public void Scan(bool accepted, string message, string source)
    {
        var step = new ScanStep(accepted, ScanReasons.Classify(accepted, message), message, source, time.GetUtcNow());
        LastScan = step;
        Publish("scan", step);
    }

    /// <summary>A payment step: present-card, terminal (its own words), approved, declined, unknown, remove-card.</summary>
    public void Payment(string phase, string amount, string? message)
    {
        var step = new PaymentStep(phase, amount, message, time.GetUtcNow());
        LastPayment = step;
        Publish("payment", step);
    }

    /// <summary>A receipt step: printing, printed, not-printed (paper out and the like), unknown, failed.</summary>
    public void Receipt(long receiptNo, string phase, string? detail)
    {
        var step = new ReceiptStep(receiptNo, phase, detail, time.GetUtcNow());
        LastReceipt = step;
        Publish("receipt", step);
    }

    /// <summary>Starts a new sale on the screen: the last payment and receipt belong to the previous customer.</summary>
    public void ClearSteps()
    {
        LastPayment = null;
        LastReceipt = null;
    }

    public void Publish<T>(string kind, T payload)
    {
        ScreenClient[] clients;
        lock (_gate)
        {
            if (_clients.Count == 0)
            {
                return;
            }

            clients = [.. _clients];
        }

        var item = new ScreenEvent(Interlocked.Increment(ref _nextId), kind, JsonSerializer.Serialize(payload, Json));
        foreach (var client in clients)
        {
            if (!client.Queue.Writer.TryWrite(item))
            {
                Interlocked.Increment(ref _cutOff);
                Unsubscribe(client);
            }
        }
    }
}
