using KioskRuntime.Journal;
using Microsoft.Extensions.Logging.Abstractions;

namespace KioskRuntime.Sync.Tests.Support;

/// <summary>
/// A kiosk journal in a temp directory pushing to a real back office over loopback HTTP, with a workload generator that
/// journals contract-shaped sales, returns of earlier sales and (refused) adjustments of an unknown product.
/// </summary>
internal sealed class RealKiosk : IDisposable
{
    /// <summary>A valid GTIN-14 that is not in the demo catalog: its adjustments are refused ("rejected").</summary>
    public const string UnknownGtin = "07099999999993";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sync-real-" + Guid.NewGuid().ToString("N"));
    private readonly List<JournalEntry> _returnable = [];
    private long _receipt;

    public RealKiosk(Uri baseUrl, string kioskId = "kiosk-matrix")
    {
        Directory.CreateDirectory(_dir);
        Journal = Open();
        Http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2), PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        Options = new UpstreamOptions
        {
            BaseUrl = baseUrl,
            Token = BackOfficeProcess.KioskToken(kioskId),
            KioskId = kioskId,
            RequestTimeout = TimeSpan.FromSeconds(1),
            BackoffBase = TimeSpan.FromMilliseconds(5),
            BackoffCap = TimeSpan.FromMilliseconds(100),
        };
    }

    public KioskJournal Journal { get; private set; }

    public HttpClient Http { get; }

    public UpstreamOptions Options { get; set; }

    public ListLogger<ReplayEngine> Log { get; } = new();

    /// <summary>Seqs of the adjustments the back office must refuse.</summary>
    public List<long> Refusals { get; } = [];

    public ReplayEngine Engine() => new(Journal, Http, Options, TimeProvider.System, Log, Random.Shared.NextDouble);

    public void Reopen()
    {
        Journal.Dispose();
        Journal = Open();
    }

    /// <summary>Journals <paramref name="count"/> events in writes of up to <paramref name="perWrite"/>: mostly sales, every 20th a
    /// return of an earlier sale, every 997th an adjustment the back office refuses.</summary>
    public async Task JournalWorkloadAsync(int count, int perWrite = 250)
    {
        var written = 0;
        while (written < count)
        {
            var n = Math.Min(perWrite, count - written);
            var events = new List<NewEvent>(n);
            var kinds = new List<char>(n);
            for (var i = 0; i < n; i++)
            {
                var seqGuess = Journal.LastSeq + events.Count + 1;
                var gtin = ContractPayloads.DemoGtins[(int)(seqGuess % ContractPayloads.DemoGtins.Length)];
                if (seqGuess % 997 == 0)
                {
                    events.Add(new NewEvent("stock-adjustment", ContractPayloads.Adjustment(UnknownGtin, "-1"), DateTimeOffset.UtcNow));
                    kinds.Add('a');
                }
                else if (seqGuess % 20 == 0 && _returnable.Count > 0)
                {
                    var sale = _returnable[0];
                    _returnable.RemoveAt(0);
                    var saleGtin = ContractPayloads.DemoGtins[(int)(sale.Seq % ContractPayloads.DemoGtins.Length)];
                    events.Add(new NewEvent("return", ContractPayloads.Return(++_receipt, sale, saleGtin), DateTimeOffset.UtcNow));
                    kinds.Add('r');
                }
                else
                {
                    events.Add(new NewEvent("sale", ContractPayloads.Sale(++_receipt, gtin), DateTimeOffset.UtcNow));
                    kinds.Add('s');
                }
            }

            var entries = await Journal.CommitAsync(new JournalWrite(events));
            for (var i = 0; i < entries.Count; i++)
            {
                if (kinds[i] == 's' && entries[i].Seq % 7 == 0)
                {
                    _returnable.Add(entries[i]);
                }
                else if (kinds[i] == 'a')
                {
                    Refusals.Add(entries[i].Seq);
                }
            }

            written += n;
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

    private KioskJournal Open() =>
        KioskJournal.Open(new JournalOptions { DataDirectory = _dir, DiskReserveBytes = 0 }, TimeProvider.System, NullLogger<KioskJournal>.Instance);
}
