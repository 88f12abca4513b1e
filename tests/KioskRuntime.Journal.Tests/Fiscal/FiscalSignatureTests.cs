using System.Security.Cryptography;
using System.Text;
using KioskRuntime.Journal.Fiscal;

namespace KioskRuntime.Journal.Tests.Fiscal;

public sealed class FiscalSignatureTests
{
    [Fact]
    public void Skatteetatens_published_example_string_and_its_sha1()
    {
        // 23:59:59 in Oslo on 24 January (CET, UTC+1) is 22:59:59 UTC.
        var at = new DateTimeOffset(2014, 1, 24, 22, 59, 59, TimeSpan.Zero);
        var text = FiscalSignature.Build("signature_from_previous_receipt", at, 123456789, 1250.00m, 1000.00m);

        Assert.Equal("signature_from_previous_receipt;2014-01-24;23:59:59;123456789;1250.00;1000.00", text);
        Assert.Equal("55abb153c38026540a601dd7bd4302e41481cd37", Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text))));
    }

    [Fact]
    public void Summer_time_negative_amounts_and_the_first_transaction()
    {
        var at = new DateTimeOffset(2026, 7, 1, 21, 30, 5, TimeSpan.Zero); // CEST, UTC+2: 23:30:05
        Assert.Equal("0;2026-07-01;23:30:05;7;-16.40;-14.26", FiscalSignature.Build(FiscalSignature.First, at, 7, -16.4m, -14.26m));
        Assert.Equal("0;2026-07-01;23:30:05;1;5.00;4.00", FiscalSignature.Build("0", at, 1, 5m, 4m));
    }

    [Fact]
    public void Signature_verifies_with_openssl_and_fails_for_another_amount()
    {
        using var key = FiscalSigningKey.Generate();
        var text = FiscalSignature.Build("0", DateTimeOffset.UnixEpoch, 1, 86.40m, 75.12m);
        var signature = key.Sign(text);

        Assert.Equal(128, Convert.FromBase64String(signature).Length); // 1024-bit RSA
        Assert.True(OpenSsl.Verifies(key.PublicKeyPem, text, signature));
        Assert.False(OpenSsl.Verifies(key.PublicKeyPem, text.Replace("86.40", "86.41", StringComparison.Ordinal), signature));
    }

    [Fact]
    public void A_key_of_another_size_is_refused_with_the_file_named()
    {
        var path = Path.Combine(Path.GetTempPath(), "k2048-" + Guid.NewGuid().ToString("N") + ".pem");
        using (var rsa = RSA.Create(2048))
        {
            File.WriteAllText(path, rsa.ExportPkcs8PrivateKeyPem());
        }

        try
        {
            var e = Assert.Throws<CryptographicException>(() => FiscalSigningKey.Load(path));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
            Assert.Contains("1024", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_key_survives_its_pem_round_trip()
    {
        using var key = FiscalSigningKey.Generate();
        var path = Path.Combine(Path.GetTempPath(), "k1024-" + Guid.NewGuid().ToString("N") + ".pem");
        File.WriteAllText(path, key.ExportPrivateKeyPem());
        try
        {
            using var loaded = FiscalSigningKey.Load(path);
            Assert.Equal(key.Fingerprint, loaded.Fingerprint);
            Assert.True(OpenSsl.Verifies(key.PublicKeyPem, "x", loaded.Sign("x")));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
