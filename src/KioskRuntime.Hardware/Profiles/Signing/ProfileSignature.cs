using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace KioskRuntime.Hardware.Profiles.Signing;

/// <summary>
/// Signs and verifies a profile's embedded signature: <c>"signature": { "algorithm": "ecdsa-p256-sha256", "keyId": "…", "value": "base64" }</c>
/// as a member of the root object. What is signed is <see cref="Domain"/> followed by the canonical form (<see cref="CanonicalJson"/>);
/// the value is the 64-byte IEEE P1363 r‖s. Stateless; thread-safe.
/// </summary>
public static class ProfileSignature
{
    public const string Algorithm = "ecdsa-p256-sha256";

    /// <summary>Domain separation: a profile signature can never be replayed as any other kind of signed message.</summary>
    public static readonly byte[] Domain = Encoding.ASCII.GetBytes("kiosk-runtime hardware profile v1\n");

    private static readonly JsonDocumentOptions Relaxed = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>SHA-256 (hex) of the canonical form: the profile's identity in status, events and logs, whatever its comments.</summary>
    public static string Hash(ReadOnlySpan<byte> utf8) => Convert.ToHexStringLower(SHA256.HashData(CanonicalJson.OfProfile(utf8)));

    /// <summary>The file with its signature member replaced by a fresh one; comments and layout outside it are kept.</summary>
    public static byte[] Sign(ReadOnlySpan<byte> utf8, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var canonical = CanonicalJson.OfProfile(utf8);
        var signature = key.SignData([.. Domain, .. canonical], HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var member = $"\"{CanonicalJson.SignatureMember}\": {{ \"algorithm\": \"{Algorithm}\", \"keyId\": \"{ProfileKey.KeyIdOf(key)}\", \"value\": \"{Convert.ToBase64String(signature)}\" }}";
        return EmbeddedSignatureText.Replace(utf8, member);
    }

    /// <summary>Checks the embedded signature against the trusted keys. Never throws for bad input: the result says what is wrong.</summary>
    public static SignatureCheck Verify(ReadOnlySpan<byte> utf8, IReadOnlyList<ProfileKey> trusted)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        byte[] canonical;
        try
        {
            canonical = CanonicalJson.OfProfile(utf8);
        }
        catch (FormatException e)
        {
            return new SignatureCheck(SignatureStatus.Malformed, null, null, e.Message);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(canonical));
        using var document = JsonDocument.Parse(utf8.ToArray(), Relaxed);
        if (!document.RootElement.TryGetProperty(CanonicalJson.SignatureMember, out var sig))
        {
            return new SignatureCheck(SignatureStatus.Unsigned, hash, null, "the profile is not signed (no \"signature\" member)");
        }

        if (sig.ValueKind != JsonValueKind.Object
            || !sig.TryGetProperty("algorithm", out var alg) || alg.ValueKind != JsonValueKind.String
            || !sig.TryGetProperty("keyId", out var kid) || kid.ValueKind != JsonValueKind.String
            || !sig.TryGetProperty("value", out var val) || val.ValueKind != JsonValueKind.String)
        {
            return new SignatureCheck(SignatureStatus.Malformed, hash, null, "signature: expected { \"algorithm\", \"keyId\", \"value\" } strings");
        }

        var keyId = kid.GetString()!;
        if (alg.GetString() != Algorithm)
        {
            return new SignatureCheck(SignatureStatus.Malformed, hash, keyId, $"signature.algorithm: '{alg.GetString()}' is not supported; expected '{Algorithm}'");
        }

        var key = trusted.FirstOrDefault(k => k.KeyId == keyId);
        if (key is null)
        {
            return new SignatureCheck(SignatureStatus.UnknownKey, hash, keyId, $"signed with key {keyId}, which is not among the {trusted.Count} trusted key(s)");
        }

        byte[] value;
        try
        {
            value = Convert.FromBase64String(val.GetString()!);
        }
        catch (FormatException)
        {
            return new SignatureCheck(SignatureStatus.Malformed, hash, keyId, "signature.value: not base64");
        }

        return value.Length == 64 && key.Verify([.. Domain, .. canonical], value)
            ? new SignatureCheck(SignatureStatus.Valid, hash, keyId, $"signed with trusted key {keyId} ({key.Source})")
            : new SignatureCheck(SignatureStatus.Invalid, hash, keyId, $"the signature does not match the profile's content (key {keyId}): the profile was changed after signing, or signed by someone else");
    }
}

public enum SignatureStatus
{
    Valid,
    Unsigned,
    UnknownKey,
    Invalid,
    Malformed,
}

/// <summary>The outcome of <see cref="ProfileSignature.Verify"/>: status, the profile's canonical hash, the key named, and a sentence for people.</summary>
public sealed record SignatureCheck(SignatureStatus Status, string? ProfileHash, string? KeyId, string Message)
{
    public bool IsValid => Status == SignatureStatus.Valid;
}
