using System.Globalization;
using KioskRuntime.Domain;
using KioskRuntime.Journal;
using Microsoft.Extensions.Logging.Abstractions;

namespace KioskRuntime.Sync.Tests.Support;

/// <summary>A kiosk's journal in a temporary directory, a stub back office, and helpers to journal sales. Dispose removes it all.</summary>
internal sealed class KioskFixture : IDisposable
{
    public const string MilkGtin = "07038010001659";
    public const string BreadGtin = "07038010000010";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sync-tests-" + Guid.NewGuid().ToString("N"));
    private long _receipt;

    public KioskFixture()
    {
        Directory.CreateDirectory(_dir);
        Journal = OpenJournal();
        Http = new HttpClient(Upstream) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public KioskJournal Journal { get; private set; }

    public StubUpstream Upstream { get; } = new();

    public HttpClient Http { get; }

    public ListLogger<ReplayEngine> ReplayLog { get; } = new();

    public UpstreamOptions Options { get; set; } = new()
    {
        BaseUrl = new Uri("http://127.0.0.1:5099/"),
        Token = "secret",
        KioskId = "kiosk-1",
        RequestTimeout = TimeSpan.FromSeconds(2),
        BackoffBase = TimeSpan.FromMilliseconds(1),
        BackoffCap = TimeSpan.FromMilliseconds(20),
    };

    public ReplayEngine Engine() => new(Journal, Http, Options, TimeProvider.System, ReplayLog, () => 0.5);

    public CatalogSync Catalog() => new(Journal, Http, Options, TimeProvider.System, NullLogger<CatalogSync>.Instance);

    public StockLookup Stock() => new(Journal, Http, Options, TimeProvider.System, NullLogger<StockLookup>.Instance);

    /// <summary>Closes and reopens the journal (a kiosk restart).</summary>
    public void Reopen()
    {
        Journal.Dispose();
        Journal = OpenJournal();
    }

    public static string SaleJson(long receiptNo, string gtin = MilkGtin, string qty = "1") =>
        EventJson.Serialize(new SalePayload(
            receiptNo, "NOK",
            [new SaleLinePayload(gtin, "Melk", qty, "24.90", "15", "24.90", "pcs")],
            "24.90",
            [new VatPayload("15", "21.65", "3.25")],
            [new PaymentPayload("card", "24.90", "T-1", "Visa")]));

    public async Task<IReadOnlyList<JournalEntry>> SellAsync(int count, string gtin = MilkGtin, string qty = "1")
    {
        var all = new List<JournalEntry>();
        for (var i = 0; i < count; i++)
        {
            var no = ++_receipt;
            var written = await Journal.CommitAsync(new JournalWrite([new NewEvent(EventTypes.Sale, SaleJson(no, gtin, qty), DateTimeOffset.UtcNow)]));
            all.AddRange(written);
        }

        return all;
    }

    public async Task<JournalEntry> JournalAsync(string type, string payloadJson) =>
        (await Journal.CommitAsync(new JournalWrite([new NewEvent(type, payloadJson, DateTimeOffset.UtcNow)])))[0];

    /// <summary>Calls SyncNow until nothing is pending (or the engine forked); fails the test after <paramref name="maxAttempts"/>.</summary>
    public static async Task<ReplayStatus> DrainAsync(ReplayEngine engine, int maxAttempts = 200)
    {
        ReplayStatus status = engine.Status;
        for (var i = 0; i < maxAttempts; i++)
        {
            status = await engine.SyncNowAsync(CancellationToken.None);
            if (status.Pending == 0 || status.Forked)
            {
                return status;
            }
        }

        throw new Xunit.Sdk.XunitException(string.Create(CultureInfo.InvariantCulture, $"not drained after {maxAttempts} attempts: {status}"));
    }

    /// <summary>Waits for a condition driven by a background loop; fails (does not measure) after a generous deadline.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"timed out waiting for: {what}");
            }

            await Task.Delay(10);
        }
    }

    public void Dispose()
    {
        Journal.Dispose();
        Http.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private KioskJournal OpenJournal() =>
        KioskJournal.Open(new JournalOptions { DataDirectory = _dir, DiskReserveBytes = 0 }, TimeProvider.System, NullLogger<KioskJournal>.Instance);
}
