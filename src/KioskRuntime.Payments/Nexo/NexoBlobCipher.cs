using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace KioskRuntime.Payments.Nexo;

/// <summary>A sealed nexo message that cannot be opened: wrong key, bad HMAC, bad padding or a missing trailer field.</summary>
public sealed class NexoSecurityException(string message) : Exception(message);

/// <summary>
/// Adyen's nexo message protection ("shared key", AdyenCryptoVersion 1): PBKDF2-HMAC-SHA1 of the passphrase with the salt
/// <c>AdyenNexoV1Salt</c> and 4000 rounds gives 80 bytes = HMAC key (32) + AES key (32) + IV (16). Each message gets a random 16-byte
/// nonce; AES-256-CBC (PKCS#7) runs with IV XOR nonce; HMAC-SHA256 is computed over the <b>plaintext</b>. The envelope keeps the
/// MessageHeader in clear, beside <c>NexoBlob</c> (base64 ciphertext) and <c>SecurityTrailer</c>. Immutable; thread-safe.
/// </summary>
internal sealed class NexoBlobCipher
{
    private const int HmacKeyLength = 32;
    private const int CipherKeyLength = 32;
    private const int IvLength = 16;
    private static readonly byte[] Salt = "AdyenNexoV1Salt"u8.ToArray();

    private readonly byte[] _hmacKey;
    private readonly byte[] _cipherKey;
    private readonly byte[] _iv;

    public NexoBlobCipher(string keyIdentifier, int keyVersion, string passphrase)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyIdentifier);
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        KeyIdentifier = keyIdentifier;
        KeyVersion = keyVersion;
        byte[] material = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(passphrase), Salt, 4000, HashAlgorithmName.SHA1, HmacKeyLength + CipherKeyLength + IvLength);
        _hmacKey = material[..HmacKeyLength];
        _cipherKey = material[HmacKeyLength..(HmacKeyLength + CipherKeyLength)];
        _iv = material[(HmacKeyLength + CipherKeyLength)..];
        CryptographicOperations.ZeroMemory(material);
    }

    public string KeyIdentifier { get; }

    public int KeyVersion { get; }

    /// <summary>Whether <paramref name="root"/>'s envelope carries a NexoBlob.</summary>
    public static bool IsSealed(JsonElement root, string rootName) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(rootName, out var env) && env.ValueKind == JsonValueKind.Object &&
        env.TryGetProperty("NexoBlob", out _);

    /// <summary>Seals a whole plaintext message (<c>{"SaleToPOIRequest": …}</c>) into its envelope.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, string rootName, byte[]? nonceForTest = null)
    {
        using var doc = NexoReader.Parse(plaintext.ToArray(), rootName);
        var header = NexoJsonRead.RequiredObject(NexoJsonRead.RequiredObject(doc.RootElement, rootName, "$"), "MessageHeader", rootName);
        byte[] nonce = nonceForTest ?? RandomNumberGenerator.GetBytes(IvLength);
        if (nonce.Length != IvLength)
        {
            throw new ArgumentException("the nonce must be 16 bytes", nameof(nonceForTest));
        }

        byte[] ciphertext;
        using (var aes = Aes.Create())
        {
            aes.Key = _cipherKey;
            ciphertext = aes.EncryptCbc(plaintext, Xor(_iv, nonce), PaddingMode.PKCS7);
        }

        byte[] hmac = HMACSHA256.HashData(_hmacKey, plaintext);
        var buffer = new ArrayBufferWriter<byte>(ciphertext.Length * 4 / 3 + 512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject(rootName);
            w.WritePropertyName("MessageHeader");
            header.WriteTo(w);
            w.WriteString("NexoBlob", Convert.ToBase64String(ciphertext));
            w.WriteStartObject("SecurityTrailer");
            w.WriteNumber("AdyenCryptoVersion", 1);
            w.WriteString("KeyIdentifier", KeyIdentifier);
            w.WriteNumber("KeyVersion", KeyVersion);
            w.WriteString("Nonce", Convert.ToBase64String(nonce));
            w.WriteString("Hmac", Convert.ToBase64String(hmac));
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Opens an envelope and returns the plaintext message after checking its HMAC (in constant time).</summary>
    public byte[] Open(JsonElement root, string rootName)
    {
        var env = NexoJsonRead.RequiredObject(root, rootName, "$");
        string blob = NexoJsonRead.RequiredText(env, "NexoBlob", rootName);
        var trailer = NexoJsonRead.RequiredObject(env, "SecurityTrailer", rootName);
        string tp = rootName + ".SecurityTrailer";
        string keyId = NexoJsonRead.RequiredText(trailer, "KeyIdentifier", tp);
        string keyVersion = NexoJsonRead.RequiredText(trailer, "KeyVersion", tp);
        if (keyId != KeyIdentifier || keyVersion != KeyVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new NexoSecurityException($"{tp}: sealed with key {keyId} v{keyVersion}, this kiosk has {KeyIdentifier} v{KeyVersion}");
        }

        byte[] nonce = Base64(NexoJsonRead.RequiredText(trailer, "Nonce", tp), tp + ".Nonce");
        byte[] expectedHmac = Base64(NexoJsonRead.RequiredText(trailer, "Hmac", tp), tp + ".Hmac");
        byte[] ciphertext = Base64(blob, rootName + ".NexoBlob");
        if (nonce.Length != IvLength)
        {
            throw new NexoSecurityException($"{tp}.Nonce: {nonce.Length} bytes, expected {IvLength}");
        }

        byte[] plaintext;
        try
        {
            using var aes = Aes.Create();
            aes.Key = _cipherKey;
            plaintext = aes.DecryptCbc(ciphertext, Xor(_iv, nonce), PaddingMode.PKCS7);
        }
        catch (CryptographicException ex)
        {
            throw new NexoSecurityException($"{rootName}.NexoBlob: cannot be decrypted with key {KeyIdentifier} v{KeyVersion} ({ex.Message})");
        }

        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_hmacKey, plaintext), expectedHmac))
        {
            throw new NexoSecurityException($"{tp}.Hmac: does not match the decrypted message (tampered, or another passphrase)");
        }

        return plaintext;
    }

    private static byte[] Base64(string text, string path)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new NexoSecurityException($"{path}: not base64");
        }
    }

    private static byte[] Xor(byte[] a, byte[] b)
    {
        var r = new byte[a.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = (byte)(a[i] ^ b[i]);
        }

        return r;
    }
}
