using System.Security.Cryptography;

namespace KioskRuntime.Hardware.Profiles.Signing;

/// <summary>
/// An operator's ECDSA P-256 public key, as trusted by kioskd (one PEM file per key, <c>-----BEGIN PUBLIC KEY-----</c>, in the trusted-keys
/// directory). <see cref="KeyId"/> is the first 8 bytes of SHA-256 over the SubjectPublicKeyInfo, in hex: short enough to read out on the
/// phone, long enough to tell an operator's few keys apart (it only picks the key; the signature decides). Immutable; thread-safe.
/// </summary>
public sealed class ProfileKey
{
    private readonly byte[] _spki;

    private ProfileKey(byte[] spki, string source)
    {
        _spki = spki;
        Source = source;
        KeyId = Convert.ToHexStringLower(SHA256.HashData(spki).AsSpan(0, 8));
    }

    public string KeyId { get; }

    /// <summary>Where the key came from (a file path), for messages.</summary>
    public string Source { get; }

    /// <summary>Reads a PEM public key; throws <see cref="FormatException"/> when it is not an ECDSA P-256 key.</summary>
    public static ProfileKey FromPem(string pem, string source)
    {
        using var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw new FormatException($"{source}: not a PEM public key ({e.Message})", e);
        }

        if (ecdsa.KeySize != 256 || ecdsa.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new FormatException($"{source}: an ECDSA P-256 key was expected (got a {ecdsa.KeySize}-bit key)");
        }

        return new ProfileKey(ecdsa.ExportSubjectPublicKeyInfo(), source);
    }

    /// <summary>The key id of a private (or public) key.</summary>
    public static string KeyIdOf(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()).AsSpan(0, 8));

    /// <summary>
    /// Every <c>*.pub</c> file in <paramref name="directory"/>. A missing directory means no trusted keys; a file that is not a P-256 public
    /// key is a problem reported, never skipped silently.
    /// </summary>
    public static (IReadOnlyList<ProfileKey> Keys, IReadOnlyList<string> Problems) LoadDirectory(string directory)
    {
        var keys = new List<ProfileKey>();
        var problems = new List<string>();
        if (!Directory.Exists(directory))
        {
            return (keys, problems);
        }

        foreach (var file in Directory.GetFiles(directory, "*.pub").Order(StringComparer.Ordinal))
        {
            try
            {
                keys.Add(FromPem(File.ReadAllText(file), file));
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                problems.Add(e.Message);
            }
        }

        return (keys, problems);
    }

    internal bool Verify(byte[] data, byte[] signature)
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(_spki, out _);
        return ecdsa.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
