using System.Security.Cryptography;
using System.Xml.Linq;
using KioskRuntime.Journal;
using KioskRuntime.Reports.Saft;

namespace KioskRuntime.Reports.Tests;

public sealed class SaftExportTests : IClassFixture<SaftExportTests.YearOfTrade>
{
    private static readonly XNamespace Ns = SaftCodes.Namespace;
    private static readonly SaftCompany Company = new("123456785", "Demo Nærbutikk AS", ["Storgata 1", "0155 Oslo"], "demo-kiosk-1", "K1", "NOK", "KioskRuntime");
    private readonly YearOfTrade _year;

    public SaftExportTests(YearOfTrade year) => _year = year;

    [Fact]
    public void A_year_of_trade_with_a_key_rotation_validates_against_the_official_xsd_and_its_chain_verifies()
    {
        var file = Export(_year.Trade, new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), out var summary);
        Assert.Equal(_year.Trade.Sales + _year.Trade.Returns, summary.Transactions);
        Assert.True(summary.Events > summary.Transactions); // every receipt printed, staff log-ins, sensors

        var (code, output) = Tools.ValidateAgainstXsd(file);
        Assert.True(code == 0, output);

        var verification = VerifyFile(file);
        Assert.True(verification.IsValid, string.Join("\n", verification.Problems));
        Assert.Equal(summary.Transactions, verification.Verified);
        Assert.Equal(0, verification.Unanchored); // the export starts the chain: the first transaction is chained to "0"
    }

    [Fact]
    public void OpenSsl_verifies_the_exported_strings_across_the_key_rotation()
    {
        var file = Export(_year.Trade, new DateOnly(2026, 6, 28), new DateOnly(2026, 7, 3), out _);
        var transactions = XDocument.Load(file).Descendants(Ns + "cashtransaction").ToList();
        var versions = transactions.Select(t => (string)t.Element(Ns + "keyVersion")!).Distinct().ToList();
        Assert.Equal(["1", "2"], versions); // the rotation (day 180) falls inside this week
        for (var i = 1; i < transactions.Count; i++)
        {
            var tx = transactions[i];
            var signed = string.Join(';', (string)transactions[i - 1].Element(Ns + "signature")!, (string)tx.Element(Ns + "transDate")!,
                (string)tx.Element(Ns + "transTime")!, (string)tx.Element(Ns + "nr")!, (string)tx.Element(Ns + "transAmntIn")!, (string)tx.Element(Ns + "transAmntEx")!);
            var pem = _year.Trade.PublicKeys[(string)tx.Element(Ns + "keyVersion")!];
            Assert.True(Tools.OpenSslVerifies(pem, signed, (string)tx.Element(Ns + "signature")!), $"openssl rejects transaction {tx.Element(Ns + "nr")!.Value}: {signed}");
        }

        var verification = VerifyFile(file);
        Assert.True(verification.IsValid, string.Join("\n", verification.Problems));
        Assert.Equal(1, verification.Unanchored); // starts mid-chain: its first transaction's predecessor is not in the file
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("remove")]
    [InlineData("swap")]
    public void A_changed_removed_or_reordered_transaction_is_detected(string tampering)
    {
        var file = Export(_year.Trade, new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 3), out _);
        var doc = XDocument.Load(file);
        var transactions = doc.Descendants(Ns + "cashtransaction").ToList();
        var victim = transactions[4];
        switch (tampering)
        {
            case "flip":
                var amount = victim.Element(Ns + "transAmntIn")!;
                amount.Value = (decimal.Parse(amount.Value, System.Globalization.CultureInfo.InvariantCulture) + 10m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
                break;
            case "remove":
                victim.Remove();
                break;
            default:
                victim.Remove();
                transactions[5].AddAfterSelf(victim);
                break;
        }

        doc.Save(file);
        Assert.Equal(0, Tools.ValidateAgainstXsd(file).ExitCode); // still schema-valid: only the signatures tell
        var verification = VerifyFile(file);
        Assert.False(verification.IsValid);
        Assert.Contains("transaction", verification.Problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_period_that_ends_before_it_starts_is_refused_with_both_dates()
    {
        using var journal = _year.Trade.OpenReadOnly();
        var exporter = new SaftExporter(Company, () => journal.ReadEvents(1), TimeProvider.System);
        var e = Assert.Throws<ArgumentException>(() => exporter.Write(Stream.Null, new DateOnly(2026, 2, 1), new DateOnly(2026, 1, 1)));
        Assert.Contains("2026-01-01", e.Message, StringComparison.Ordinal);
        Assert.Contains("2026-02-01", e.Message, StringComparison.Ordinal);
    }

    private SaftVerification VerifyFile(string file)
    {
        var keys = _year.Trade.PublicKeys.ToDictionary(k => k.Key, k => (RSA)Journal.Fiscal.FiscalSigningKey.ImportPublicKey(k.Value));
        try
        {
            using var stream = File.OpenRead(file);
            return SaftVerifier.Verify(stream, keys);
        }
        finally
        {
            foreach (var k in keys.Values)
            {
                k.Dispose();
            }
        }
    }

    private string Export(GeneratedTrade trade, DateOnly from, DateOnly to, out SaftExportSummary summary)
    {
        var file = Path.Combine(trade.Directory, $"saft-{from:yyyyMMdd}-{to:yyyyMMdd}-{Guid.NewGuid():N}.xml");
        using var journal = trade.OpenReadOnly();
        using (var output = File.Create(file))
        {
            summary = new SaftExporter(Company, () => journal.ReadEvents(1), TimeProvider.System).Write(output, from, to);
        }

        return file;
    }

    /// <summary>2026 in one journal: about 8,000 signed transactions, the key rotated on day 180 (29 June).</summary>
    public sealed class YearOfTrade : IDisposable
    {
        public YearOfTrade() => Trade = GeneratedTrade.CreateAsync(new DateOnly(2026, 1, 1), 365, 179, seed: 15).GetAwaiter().GetResult();

        internal GeneratedTrade Trade { get; }

        public void Dispose() => Trade.Dispose();
    }
}
