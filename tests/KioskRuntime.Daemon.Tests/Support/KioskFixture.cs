using System.Text;
using KioskRuntime.Daemon.Flows;
using KioskRuntime.Devices;
using KioskRuntime.Devices.Drivers;
using KioskRuntime.Domain;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Journal;
using KioskRuntime.Simulation.Nexo;
using KioskRuntime.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace KioskRuntime.Daemon.Tests.Support;

/// <summary>
/// The sale flows wired as kioskd wires them, over a real journal in a temporary directory, a simulated payment terminal (a real
/// implementation of the contract with its own ledger), a hand-set back office link and a manual clock. No processes.
/// </summary>
internal sealed class KioskFixture : IDisposable
{
    public const string Jam = "7038010001659";      // 39.90
    public const string Cheese = "7040030001106";   // 20.13: the simulated terminal declines amounts ending in ,13
    public const string Pricey = "7040030001113";   // 2500.00: above the offline limit
    public const string Apples = "7038600022507";   // 39.90 per kg, sold by weight

    private readonly string _dir = Directory.CreateTempSubdirectory("kiosk-daemon-tests-").FullName;

    /// <summary>Kari's card (role staff) as the reader reports it: the profile holds this salted hash.</summary>
    public const string KariCardHash = "892a9dea8c85d0831e72eb987f197598e89c520e5167f11e1f90a0e85d09c1fe";

    public KioskFixture(
        int duplicateScanWindowMs = 0, int staffModeSeconds = 300, string returns = "", Action<string, string>? terminalStep = null, string? gs1 = null)
    {
        Profile = LoadProfile(duplicateScanWindowMs, staffModeSeconds, returns, gs1);
        Journal = KioskJournal.Open(
            new JournalOptions { DataDirectory = Path.Combine(_dir, "journal"), Sealer = new KioskRuntime.Journal.Fiscal.FiscalSealer(SigningKey, Profile.RegisterId) },
            Time,
            NullLogger<KioskJournal>.Instance);
        Terminal = new SimulatedNexoTerminal(
            "terminal",
            new SimulatedNexoTerminalOptions
            {
                StateFile = Path.Combine(_dir, "terminal", "nexo-terminal.json"),
                OutcomeByAmountEnding = new Dictionary<string, SimulatedOutcome>
                {
                    ["13"] = SimulatedOutcome.Decline, ["14"] = SimulatedOutcome.ApproveThenDisconnect, ["15"] = SimulatedOutcome.Lose,
                },
                StepReached = terminalStep,
            },
            Time,
            NullLogger<SimulatedNexoTerminal>.Instance);
        Flows = SaleFlows.Create(
            Journal, Profile, [Terminal], new ReceiptComposer(Profile), Upstream, new KioskState(Time), new ProgressBeacon(Time),
            TimeSpan.FromSeconds(1), NoKioskFaults.Instance, Time, NullLoggerFactory.Instance);
        AddProduct(Jam, "Blåbærsyltetøy 400 g", "39.90");
        AddProduct(Cheese, "Brunost 500 g", "20.13");
        AddProduct(Pricey, "Kaffemaskin", "2500.00");
        AddProduct(Apples, "Epler Røde", "39.90", "kg");
    }

    public ManualTimeProvider Time { get; } = new();

    /// <summary>The key kioskd would read from its credential; the journal signs every sale and return with it, as in kioskd.</summary>
    public KioskRuntime.Journal.Fiscal.FiscalSigningKey SigningKey { get; } = KioskRuntime.Journal.Fiscal.FiscalSigningKey.Generate();

    public HardwareProfile Profile { get; }

    public KioskJournal Journal { get; }

    public SimulatedNexoTerminal Terminal { get; }

    public TestUpstream Upstream { get; } = new();

    public SaleFlows Flows { get; }

    public ScannedCode Code(string data, string? aim = null) => new(data, aim, "scanner", Time.GetUtcNow());

    /// <summary>The sale loop itself (its queue and admission rules) over this fixture's journal, terminal and clock, with its own flows.</summary>
    public SalePipeline Pipeline() => new(
        Journal,
        Profile,
        [Terminal],
        (progress, screen) => SaleFlows.Create(
            Journal, Profile, [Terminal], new ReceiptComposer(Profile), Upstream, new KioskState(Time), progress, TimeSpan.FromSeconds(1), NoKioskFaults.Instance, Time,
            NullLoggerFactory.Instance, screen),
        Time,
        NullLoggerFactory.Instance);

    /// <summary>The return code printed on the receipt of <paramref name="receiptNo"/> (its token as journaled with the sale).</summary>
    public string ReturnCodeOf(long receiptNo) =>
        ReturnCode.Format("demo-kiosk-1", receiptNo, Journal.GetState<SaleRecordDocument>(StateCollections.Sales, receiptNo.ToString(System.Globalization.CultureInfo.InvariantCulture))!.ReturnToken!);

    /// <summary>Kari presents her staff card to the reader, through the sale loop's card path.</summary>
    public Task PresentKariAsync() =>
        Flows.Access.OnCardAsync(new CardPresented("nfc", new CardUidHash(KariCardHash), 7, Time.GetUtcNow()), Flows.Cart.CustomerBusy, CancellationToken.None);

    /// <summary>The journal's events of one type, oldest first.</summary>
    public IReadOnlyList<JournalEntry> Events(string type) => Journal.ReadEvents(1).Where(e => e.Type == type).ToList();

    public void Dispose()
    {
        Terminal.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Journal.Dispose();
        SigningKey.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The catalog (and stock) key: the GTIN-14.</summary>
    public static string Key(string gtin13) => "0" + gtin13;

    /// <summary>Puts a product in the journal's catalog (unit "pcs" or "kg").</summary>
    public void AddProduct(string gtin13, string name, string price, string unit = "pcs") =>
        Journal.CommitAsync(new JournalWrite([], (state, _) => state.Put(StateCollections.Catalog, Key(gtin13), new CatalogDocument
        {
            Gtin = Key(gtin13), Sku = gtin13, Name = name, Price = price, VatRate = "15", Unit = unit,
        }))).GetAwaiter().GetResult();

    private static HardwareProfile LoadProfile(int duplicateScanWindowMs, int staffModeSeconds, string returns, string? gs1)
    {
        var json = $$"""
            {
              "kioskId": "demo-kiosk-1", "locale": "nb-NO", "currency": "NOK", "timeZone": "Europe/Oslo", "registerId": "K1",
              "seller": { "name": "Demo Nærbutikk AS", "orgNumber": "123456785", "address": ["Storgata 1", "0155 Oslo"] },
              "controlBarcodes": { "checkout": "KIOSK-CHECKOUT", "cancel": "KIOSK-CANCEL", "staff": "KIOSK-STAFF" },
              "duplicateScanWindowMs": {{duplicateScanWindowMs}},
              "limits": { "offlineMaxAmount": "2000.00" },
              "requireReceiptPrinter": false,
              "variableMeasure": [],
              "devices": [ { "name": "nfc", "kind": "nfc", "driver": "any", "path": "nfc.fifo" } ],
              "staff": [ { "id": "kari", "role": "staff", "cardHash": "892a9dea8c85d0831e72eb987f197598e89c520e5167f11e1f90a0e85d09c1fe" } ],
              "access": { "staffModeSeconds": {{staffModeSeconds}}, "unlockAfterSale": false }{{(returns.Length > 0 ? ", \"returns\": " + returns : "")}}{{(gs1 is null ? "" : ", \"gs1\": " + gs1)}}
            }
            """;
        return new ProfileLoader(new AnyDriver()).Parse(Encoding.UTF8.GetBytes(json), "test-profile.json").Profile
            ?? throw new InvalidOperationException("the test profile does not load");
    }

    private sealed class AnyDriver : IDriverCatalog
    {
        public IReadOnlyList<string> DriversFor(DeviceKind kind) => ["any"];

        public IEnumerable<(string Path, string Message)> Validate(DeviceConfig device) => [];
    }
}

/// <summary>The back office link as a test sets it: online or not, and how often it was nudged.</summary>
internal sealed class TestUpstream : IUpstreamLink
{
    public bool Online { get; set; } = true;

    public int Nudges { get; private set; }

    public void Nudge() => Nudges++;
}
