using System.Security.Cryptography;

namespace KioskRuntime.Journal.Fiscal;

/// <summary>
/// The product's RSA key pair for transaction signatures: 1024 bits, as Skatteetaten requires. The private key is read from a PEM
/// file (a systemd credential on a kiosk); the public key is printed for the product declaration (RF-1348). Not thread-safe for
/// signing from several threads at once (the journal's one writer signs).
/// </summary>
public sealed class FiscalSigningKey : IDisposable
{
    public const int KeySizeBits = 1024;

    private readonly RSA _rsa;

    private FiscalSigningKey(RSA rsa)
    {
        if (rsa.KeySize != KeySizeBits)
        {
            var size = rsa.KeySize;
            rsa.Dispose();
            throw new CryptographicException($"the signing key has {size} bits; Skatteetaten's signature needs an RSA key of exactly {KeySizeBits} bits");
        }

        _rsa = rsa;
        var spki = rsa.ExportSubjectPublicKeyInfo();
        PublicKeyPem = PemEncoding.WriteString("PUBLIC KEY", spki);
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(spki));
    }

    /// <summary>SubjectPublicKeyInfo as PEM ("-----BEGIN PUBLIC KEY-----"), the form the declaration takes.</summary>
    public string PublicKeyPem { get; }

    /// <summary>SHA-256 of the public key's DER, lowercase hex: how the journal recognises a key and its version.</summary>
    public string Fingerprint { get; }

    internal RSA Rsa => _rsa;

    public static FiscalSigningKey Generate() => new(RSA.Create(KeySizeBits));

    /// <summary>Reads a private key PEM (PKCS#8 "PRIVATE KEY" or PKCS#1 "RSA PRIVATE KEY").</summary>
    /// <exception cref="CryptographicException">the file holds no RSA private key of 1024 bits; the message says which file.</exception>
    public static FiscalSigningKey Load(string pemPath)
    {
        var text = File.ReadAllText(pemPath);
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(text);
            _ = rsa.ExportParameters(includePrivateParameters: true);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            throw new CryptographicException($"{pemPath}: not an RSA private key in PEM form ({e.Message})", e);
        }

        try
        {
            return new FiscalSigningKey(rsa);
        }
        catch (CryptographicException e)
        {
            throw new CryptographicException($"{pemPath}: {e.Message}", e);
        }
    }

    /// <summary>The private key as PKCS#8 PEM, for writing the key file once (keygen).</summary>
    public string ExportPrivateKeyPem() => PemEncoding.WriteString("PRIVATE KEY", _rsa.ExportPkcs8PrivateKey());

    /// <summary>Reads a public key PEM (export verification).</summary>
    public static RSA ImportPublicKey(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return rsa;
    }

    public string Sign(string signedString) => FiscalSignature.Sign(_rsa, signedString);

    public void Dispose() => _rsa.Dispose();
}
