using System.Globalization;
using KioskRuntime.Domain;
using KioskRuntime.Journal;
using KioskRuntime.Journal.Fiscal;
using Microsoft.Extensions.Logging.Abstractions;

namespace KioskRuntime.Reports.Tests;

/// <summary>
/// Days of trade written into a real journal through the kiosk's own sealer: sales (one to three lines, VAT 15 % and 25 %), returns of
/// earlier sales, the receipts printed (and some copies), staff log-ins and outs, sensor events; the signing key rotated on one day.
/// </summary>
internal sealed class GeneratedTrade : IDisposable
{
    private static readonly TimeZoneInfo Oslo = TimeZoneInfo.FindSystemTimeZoneById("Europe/Oslo");

    private static readonly (string Gtin, string Name, decimal Price, decimal Vat)[] Catalog =
    [
        ("07038010001659", "Blåbærsyltetøy 400 g", 39.90m, 15m),
        ("07040030001106", "Brunost 500 g", 89.00m, 15m),
        ("07039010576963", "Kaffe filtermalt 250 g", 54.50m, 15m),
        ("07310865004703", "Batterier AA 4-pk", 79.00m, 25m),
        ("07040513000104", "Avis & <blad>", 45.00m, 25m),
    ];

    private GeneratedTrade(string dir) => Directory = dir;

    public string Directory { get; }

    public Dictionary<string, string> PublicKeys { get; } = [];

    public long Sales { get; private set; }

    public long Returns { get; private set; }

    public JournalOptions Options => new() { DataDirectory = Path.Combine(Directory, "journal"), DiskReserveBytes = 1024 * 1024 };

    public static async Task<GeneratedTrade> CreateAsync(DateOnly firstDay, int days, int rotateOnDay, int seed)
    {
        var trade = new GeneratedTrade(System.IO.Directory.CreateTempSubdirectory("saft-trade-").FullName);
        var random = new Random(seed);
        long receiptNo = 0;
        var key = FiscalSigningKey.Generate();
        var version = 1;
        trade.PublicKeys["1"] = key.PublicKeyPem;
        var journal = trade.Open(key);
        try
        {
            for (var d = 0; d < days; d++)
            {
                if (d == rotateOnDay)
                {
                    journal.Dispose();
                    key.Dispose();
                    key = FiscalSigningKey.Generate();
                    trade.PublicKeys[(++version).ToString(CultureInfo.InvariantCulture)] = key.PublicKeyPem;
                    journal = trade.Open(key);
                }

                var day = firstDay.AddDays(d);
                var events = new List<NewEvent>();
                var at = At(day, 8, 30);
                var sales = new List<(SalePayload Sale, long Seq)>();
                if (d % 3 == 0)
                {
                    events.Add(new NewEvent(EventTypes.StaffSession, EventJson.Serialize(new StaffSessionPayload("kari", "staff", "start")), at));
                    events.Add(new NewEvent(EventTypes.StaffSession, EventJson.Serialize(new StaffSessionPayload("kari", "staff", "end", "idle")), at.AddMinutes(5)));
                }

                var count = random.Next(5, 40);
                for (var i = 0; i < count; i++)
                {
                    at = at.AddMinutes(random.Next(1, 20));
                    var sale = Sale(++receiptNo, random);
                    events.Add(new NewEvent(EventTypes.Sale, EventJson.Serialize(sale), at));
                    events.Add(new NewEvent(EventTypes.ReceiptPrinted, EventJson.Serialize(new ReceiptPrintedPayload(receiptNo, 0, "original", "printed", null)), at.AddSeconds(2)));
                    sales.Add((sale, 0));
                    trade.Sales++;
                    if (random.Next(10) == 0)
                    {
                        events.Add(new NewEvent(EventTypes.ReceiptPrinted, EventJson.Serialize(new ReceiptPrintedPayload(receiptNo, 0, "copy", "printed", null)), at.AddSeconds(30)));
                    }

                    if (random.Next(12) == 0 && sales.Count > 1)
                    {
                        var original = sales[random.Next(sales.Count - 1)].Sale;
                        at = at.AddMinutes(1);
                        var ret = new ReturnPayload(++receiptNo, Guid.Empty.ToString(), 1, original.ReceiptNo, "NOK", original.Lines, original.Total, original.Vat, original.Payments);
                        events.Add(new NewEvent(EventTypes.Return, EventJson.Serialize(ret), at));
                        events.Add(new NewEvent(EventTypes.ReceiptPrinted, EventJson.Serialize(new ReceiptPrintedPayload(receiptNo, 0, "return", "printed", null)), at.AddSeconds(2)));
                        trade.Returns++;
                    }
                }

                events.Add(new NewEvent(EventTypes.Sensor, EventJson.Serialize(new SensorPayload("sensors", "door", "door", true, false)), at.AddMinutes(3)));
                foreach (var chunk in events.Chunk(200))
                {
                    await journal.CommitAsync(new JournalWrite(chunk));
                }
            }
        }
        finally
        {
            journal.Dispose();
            key.Dispose();
        }

        return trade;
    }

    public KioskJournal OpenReadOnly() => KioskJournal.OpenReadOnly(Options, TimeProvider.System, NullLogger<KioskJournal>.Instance);

    public static DateTimeOffset At(DateOnly day, int hour, int minute)
    {
        var local = day.ToDateTime(new TimeOnly(hour, minute));
        return new DateTimeOffset(local, Oslo.GetUtcOffset(local));
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private KioskJournal Open(FiscalSigningKey key) =>
        KioskJournal.Open(Options with { Sealer = new FiscalSealer(key, "K1") }, TimeProvider.System, NullLogger<KioskJournal>.Instance);

    private static SalePayload Sale(long receiptNo, Random random)
    {
        var lines = new List<SaleLinePayload>();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var (gtin, name, price, vat) = Catalog[random.Next(Catalog.Length)];
            var qty = random.Next(1, 4);
            lines.Add(new SaleLinePayload(gtin, name, qty.ToString(CultureInfo.InvariantCulture), Money(price), Rate(vat), Money(price * qty)));
        }

        var vats = lines.GroupBy(l => l.VatRate).Select(g =>
        {
            var gross = g.Sum(l => decimal.Parse(l.LineTotal, CultureInfo.InvariantCulture));
            var rate = decimal.Parse(g.Key, CultureInfo.InvariantCulture);
            var net = decimal.Round(gross / (1 + rate / 100m), 2, MidpointRounding.AwayFromZero);
            return new VatPayload(g.Key, Money(net), Money(gross - net));
        }).ToList();
        var total = Money(lines.Sum(l => decimal.Parse(l.LineTotal, CultureInfo.InvariantCulture)));
        return new SalePayload(receiptNo, "NOK", lines, total, vats, [new PaymentPayload("card", total, $"T-{receiptNo}", "Visa")], "K1");
    }

    private static string Money(decimal d) => d.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Rate(decimal d) => d.ToString("0", CultureInfo.InvariantCulture);
}
