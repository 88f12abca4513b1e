using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using KioskRuntime.Devices;
using KioskRuntime.Devices.Drivers;
using PaymentRequest = KioskRuntime.Devices.PaymentRequest;

namespace KioskRuntime.Payments.Tests;

public sealed class NexoTlsAndOptionsTests
{
    private static (X509Certificate2 Root, X509Certificate2 Leaf) IssueChain(string leafName)
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Test Terminal Root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var now = DateTimeOffset.UtcNow;
        var root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest($"CN={leafName}", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(leafName);
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = leafRequest.Create(root, now.AddDays(-1), now.AddDays(30), [1, 2, 3, 4]);
        using var withKey = issued.CopyWithPrivateKey(leafKey);
        var leaf = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return (root, leaf);
    }

    private static async Task<PaymentResult> PayOverTls(string leafName, X509Certificate2 pinnedRoot, X509Certificate2 leaf)
    {
        string rootFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(rootFile, pinnedRoot.ExportCertificatePem());
            await using var rig = TerminalRig.Start(
                simulator: o => o with { ServerCertificate = leaf },
                driver: o => o with { RootCertificatePath = rootFile });
            Assert.Equal("https", rig.Options.Url.Scheme);
            var result = await rig.Terminal.PayAsync(new PaymentRequest("tx-tls", NexoServiceId.New(), 42m, "NOK"), null, CancellationToken.None);
            Assert.Equal(result.Kind == PaymentResultKind.Approved ? 1 : 0, rig.Simulator.Transactions.Count);
            return result;
        }
        finally
        {
            File.Delete(rootFile);
        }
    }

    [Fact]
    public async Task Tls_to_a_terminal_whose_chain_ends_in_the_pinned_root_and_names_its_POIID_works()
    {
        var (root, leaf) = IssueChain("V400m-324688179.test.terminal.adyen.com");
        using (root)
        using (leaf)
        {
            Assert.Equal(PaymentResultKind.Approved, (await PayOverTls(leaf.Subject, root, leaf)).Kind);
        }
    }

    [Fact]
    public async Task Tls_to_a_certificate_for_another_terminal_is_refused_before_the_request_leaves()
    {
        var (root, leaf) = IssueChain("V400m-999999999.test.terminal.adyen.com");
        using (root)
        using (leaf)
        {
            var result = await PayOverTls(leaf.Subject, root, leaf);
            Assert.Equal(PaymentResultKind.Declined, result.Kind);
            Assert.StartsWith("NotSent: TLS", result.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Tls_to_a_chain_from_another_root_is_refused()
    {
        var (root, leaf) = IssueChain("V400m-324688179.test.terminal.adyen.com");
        var (otherRoot, otherLeaf) = IssueChain("unused");
        using (root)
        using (leaf)
        using (otherRoot)
        using (otherLeaf)
        {
            var result = await PayOverTls(leaf.Subject, otherRoot, leaf);
            Assert.Equal(PaymentResultKind.Declined, result.Kind);
            Assert.StartsWith("NotSent: TLS", result.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Live_terminals_expect_the_live_name()
    {
        var options = new NexoTerminalOptions { Url = new Uri("https://10.0.0.5:8443/nexo"), PoiId = "V400m-1", SaleId = "k", Environment = TerminalEnvironment.Live };
        Assert.Equal("V400m-1.live.terminal.adyen.com", options.ExpectedCertificateName);
    }

    private static (NexoTerminalOptions? Options, IReadOnlyList<(string Path, string Message)> Problems) FromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var (options, problems) = DriverOptionsBinder.Bind<NexoDriverOptions>(doc.RootElement.Clone(), null, "url");
        return (options?.ToTerminalOptions(), problems);
    }

    [Fact]
    public void Options_from_a_profile_with_defaults()
    {
        var (options, problems) = FromJson("""
            {"url": "https://192.168.1.50:8443/nexo", "poiId": "V400m-324688179", "saleId": "kiosk-1", "rootCertificatePath": "/etc/kiosk/adyen-root.pem",
             "environment": "live", "encryption": {"keyIdentifier": "kiosk", "keyVersion": 1, "passphraseFile": "/run/credentials/kioskd.service/nexo"}}
            """);
        Assert.Empty(problems);
        Assert.Equal(TimeSpan.FromSeconds(150), options!.PaymentTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), options.StatusTimeout);
        Assert.Equal(TerminalEnvironment.Live, options.Environment);
        Assert.Equal("kiosk", options.Encryption!.KeyIdentifier);
    }

    [Theory]
    [InlineData("""{"url": "http://192.168.1.50:8443/nexo", "poiId": "V400m-1", "saleId": "k"}""", "options.url")]
    [InlineData("""{"url": "https://192.168.1.50:8443/nexo", "poiId": "V400m-1", "saleId": "k"}""", "options.rootCertificatePath")]
    [InlineData("""{"url": "http://127.0.0.1:8443/nexo", "poiId": "V400m 1", "saleId": "k"}""", "options.poiId")]
    [InlineData("""{"url": "http://127.0.0.1:8443/nexo", "poiId": "V400m-1"}""", "options.saleId")]
    [InlineData("""{"url": "http://127.0.0.1:8443/nexo", "poiId": "V400m-1", "saleId": "k", "paymentTimeoutSeconds": 5}""", "options.paymentTimeoutSeconds")]
    [InlineData("""{"url": "http://127.0.0.1:8443/nexo", "poiId": "V400m-1", "saleId": "k", "environment": "live"}""", "options.encryption")]
    [InlineData("""{"url": "http://127.0.0.1:8443/nexo", "poiId": "V400m-1", "saleId": "k", "colour": "red"}""", "options.colour")]
    [InlineData("""{"url": "http://127.0.0.1:8443/nexo", "poiId": "V400m-1", "saleId": "k", "statusTimeoutSeconds": "60"}""", "options.statusTimeoutSeconds")]
    public void Bad_options_name_the_option(string json, string path)
    {
        var (options, problems) = FromJson(json);
        Assert.Null(options);
        Assert.Contains(problems, p => p.Path == path);
    }

    [Fact]
    public void The_device_path_is_the_url_when_url_is_absent()
    {
        using var doc = JsonDocument.Parse("""{"poiId": "V400m-1", "saleId": "k"}""");
        var (options, problems) = DriverOptionsBinder.Bind<NexoDriverOptions>(doc.RootElement, "http://127.0.0.1:8443/nexo", "url");
        Assert.Empty(problems);
        Assert.Equal(8443, options!.ToTerminalOptions().Url.Port);
    }
}
