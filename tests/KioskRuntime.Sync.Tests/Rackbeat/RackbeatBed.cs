using KioskRuntime.Journal;
using KioskRuntime.RackbeatSimulator;
using KioskRuntime.Sync.Rackbeat;
using KioskRuntime.Sync.Tests.Support;

namespace KioskRuntime.Sync.Tests.Rackbeat;

/// <summary>
/// A kiosk journal, the Rackbeat simulator on a loopback port (real Kestrel, real HTTP), and the adapter between them.
/// <see cref="Restart"/> drops the adapter and reopens the journal, as a kioskd restart does.
/// </summary>
internal sealed class RackbeatBed : IAsyncDisposable
{
    public const string Milk = "07042260000126";      // MLK-1L, 60 on hand
    public const string Cheese = "07040030001106";    // BRU-500, 24 on hand
    public const string Batteries = "07041230005185"; // BAT/AA4, 15 on hand
    public const string Unknown = "07038010001659";   // not mapped: the GTIN itself goes out as item number

    private HttpClient _rackbeatHttp = null!;
    private HttpClient _engineHttp = null!;

    private RackbeatBed(SimulatorHost sim, int? kioskRefField)
    {
        Simulator = sim;
        KioskRefField = kioskRefField;
        Connect();
    }

    public KioskFixture Kiosk { get; } = new();

    public SimulatorHost Simulator { get; }

    public int? KioskRefField { get; }

    public RackbeatUpstream Adapter { get; private set; } = null!;

    public ListLogger<RackbeatUpstream> Log { get; private set; } = new();

    public static async Task<RackbeatBed> StartAsync(string stockMode = "shipment", int? kioskRefField = null, bool premium = true) =>
        new(await SimulatorHost.StartAsync("--stock-mode", stockMode, "--premium", premium ? "true" : "false"), kioskRefField);

    public RackbeatOptions Options => new()
    {
        BaseUrl = Simulator.ApiBase,
        Token = "sim-token",
        ConsumerName = "KioskRuntime tests",
        ConsumerContact = "ops@example.org",
        KioskId = "kiosk-1",
        CustomerNumber = 900,
        LocationNumber = "1",
        KioskRefFieldId = KioskRefField,
        ProductNumbers = new Dictionary<string, string> { [Milk] = "MLK-1L", [Cheese] = "BRU-500", [Batteries] = "BAT/AA4" },
        RequestTimeout = TimeSpan.FromSeconds(5), // a hang costs this much; 1 s let a busy CI machine turn a 429 into a timeout
    };

    public HttpClient EngineHttp => _engineHttp;

    public ReplayEngine Engine() => new(Kiosk.Journal, _engineHttp, Kiosk.Options with { BaseUrl = new Uri("https://rackbeat.adapter/") }, TimeProvider.System, Kiosk.ReplayLog, () => 0.5);

    public Task<JournalEntry> SaleAsync(long receipt, string gtin = Milk, int qty = 2) => Kiosk.JournalAsync("sale", ContractPayloads.Sale(receipt, gtin, qty));

    public Task<JournalEntry> ReturnAsync(long receipt, JournalEntry sale, string gtin = Milk, int qty = 1) => Kiosk.JournalAsync("return", ContractPayloads.Return(receipt, sale, gtin, qty));

    public Task<JournalEntry> AdjustAsync(string gtin, string delta, string reason = "count") =>
        Kiosk.JournalAsync("stock-adjustment", $$"""{"gtin":"{{gtin}}","delta":"{{delta}}","reason":"{{reason}}","staffId":"s7"}""");

    public decimal OnHand(string item) => Simulator.Account.OnHand(item, "1");

    /// <summary>A kioskd restart: the adapter is dropped mid-way and the journal reopened.</summary>
    public void Restart()
    {
        _engineHttp.Dispose();
        _rackbeatHttp.Dispose();
        Kiosk.Reopen();
        Connect();
    }

    public async ValueTask DisposeAsync()
    {
        _engineHttp.Dispose();
        _rackbeatHttp.Dispose();
        Kiosk.Dispose();
        await Simulator.DisposeAsync();
    }

    private void Connect()
    {
        _rackbeatHttp = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        Log = new ListLogger<RackbeatUpstream>();
        Adapter = new RackbeatUpstream(Kiosk.Journal, _rackbeatHttp, Options, TimeProvider.System, Log);
        _engineHttp = new HttpClient(Adapter) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
