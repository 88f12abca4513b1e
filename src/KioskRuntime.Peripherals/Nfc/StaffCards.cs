using System.Security.Cryptography;

namespace KioskRuntime.Peripherals.Nfc;

/// <summary>
/// A card UID as the staff list keeps it: SHA-256 over the kiosk's salt followed by the UID bytes, as 64 lowercase hex digits. The raw UID
/// is not kept or logged. <b>A UID is not a secret and can be cloned</b>: see docs/peripherals.md for what it may unlock. Immutable.
/// </summary>
public readonly record struct CardUidHash
{
    public CardUidHash(string hex)
    {
        if (hex is not { Length: 64 } || !hex.All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c)))
        {
            throw new ArgumentException($"'{hex}' is not 64 lowercase hex digits", nameof(hex));
        }

        Hex = hex;
    }

    public string Hex { get; }

    /// <summary>The first 8 hex digits, enough to tell cards apart in a log.</summary>
    public string Prefix => Hex[..8];

    public override string ToString() => Hex;
}

/// <summary>Hashes UIDs with the kiosk's salt. Thread-safe.</summary>
public sealed class CardUidHasher
{
    private readonly byte[] _salt;

    public CardUidHasher(ReadOnlySpan<byte> salt)
    {
        if (salt.Length < 16)
        {
            throw new ArgumentException($"the salt has {salt.Length} bytes; use at least 16 random bytes per kiosk", nameof(salt));
        }

        _salt = salt.ToArray();
    }

    /// <summary>Reads the salt file (its bytes as they are, a trailing newline dropped).</summary>
    public static CardUidHasher FromFile(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int length = bytes.Length;
        while (length > 0 && bytes[length - 1] is (byte)'\n' or (byte)'\r')
        {
            length--;
        }

        return new CardUidHasher(bytes.AsSpan(0, length));
    }

    public CardUidHash Hash(ReadOnlySpan<byte> uid)
    {
        if (uid.Length is < 4 or > 10)
        {
            throw new ArgumentException($"a card UID has 4, 7 or 10 bytes, not {uid.Length}", nameof(uid));
        }

        Span<byte> input = stackalloc byte[_salt.Length + uid.Length];
        _salt.CopyTo(input);
        uid.CopyTo(input[_salt.Length..]);
        return new CardUidHash(Convert.ToHexStringLower(SHA256.HashData(input)));
    }
}

/// <summary>A card held to the reader: its hashed UID and when. Reported once per presentation.</summary>
public sealed record CardPresented(string Reader, CardUidHash UidHash, int UidLength, DateTimeOffset At);

/// <summary>Where the NFC reader delivers cards (the staff-mode logic). Called from the reader's loop, one card at a time.</summary>
public interface ICardSink
{
    ValueTask OnCardAsync(CardPresented card, CancellationToken cancellationToken);
}
