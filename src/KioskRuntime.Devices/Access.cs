using System.Security.Cryptography;

namespace KioskRuntime.Devices;

/// <summary>
/// A door or cabinet lock. Locked is the safe state: a crash, a stop or any driver error leaves it locked. It unlocks only through
/// <see cref="TryUnlock"/>, which the runtime calls only after a durable sale or an authenticated staff action, and locks again on a timer.
/// </summary>
public interface IDoorLock : IDevice
{
    bool IsUnlocked { get; }

    /// <summary>
    /// Unlocks for <paramref name="holdOpen"/> (the driver's default when null, capped at its maximum); again while unlocked extends the
    /// time. <paramref name="authorisation"/> names the journaled sale or staff action and is logged. False, with the door locked, when the
    /// lock cannot be driven.
    /// </summary>
    bool TryUnlock(string authorisation, TimeSpan? holdOpen = null);

    /// <summary>Locks now (idempotent).</summary>
    void Lock(string why);
}

/// <summary>Signals a buzzer can give.</summary>
public enum BuzzerSignal
{
    /// <summary>One short beep (80 ms).</summary>
    Acknowledge,

    /// <summary>Three short beeps (100 ms on, 100 ms off).</summary>
    Attention,

    /// <summary>One long beep (1 s), e.g. on tamper.</summary>
    Alarm,
}

/// <summary>A buzzer. A new signal replaces one still sounding.</summary>
public interface IBuzzer : IDevice
{
    /// <summary>Starts the signal; false when the buzzer cannot be driven now.</summary>
    bool Sound(BuzzerSignal signal);
}

/// <summary>What a sensor input watches.</summary>
public enum SensorKind
{
    /// <summary>Tamper switch (case opened): active is an alarm.</summary>
    Tamper,

    /// <summary>Door switch: active is open.</summary>
    Door,

    /// <summary>Presence sensor (PIR, radar, light curtain): active is someone there.</summary>
    Presence,
}

/// <summary>A debounced change of one input (or, with <see cref="Initial"/>, the state found when the inputs were opened). Immutable.</summary>
public sealed record SensorChange(string Device, string Input, SensorKind Kind, bool Active, bool Initial, DateTimeOffset At);

/// <summary>Where sensor changes go, in order, one at a time (the runtime journals them).</summary>
public interface ISensorSink
{
    ValueTask OnSensorChangedAsync(SensorChange change, CancellationToken cancellationToken);
}

/// <summary>Switches and sensors (tamper, door, presence), debounced by the driver.</summary>
public interface ISensors : IDevice
{
    /// <summary>Sets where changes go. Call before the loop runs; changes found before a sink is attached wait in order.</summary>
    void AttachSink(ISensorSink sink);

    /// <summary>The debounced state of an input by name (null when unknown or not yet read).</summary>
    bool? IsActive(string input);
}

/// <summary>
/// A card UID as the staff list keeps it: SHA-256 over the kiosk's salt followed by the UID bytes, as 64 lowercase hex digits. The raw UID
/// is not kept or logged. <b>A UID is not a secret and can be cloned</b>: nothing that grants physical access may depend on it alone. Immutable.
/// </summary>
public readonly record struct CardUidHash
{
    public CardUidHash(string hex)
    {
        if (!IsValid(hex))
        {
            throw new ArgumentException($"'{hex}' is not 64 lowercase hex digits", nameof(hex));
        }

        Hex = hex;
    }

    public string Hex { get; }

    /// <summary>The first 8 hex digits, enough to tell cards apart in a log.</summary>
    public string Prefix => Hex[..8];

    public static bool IsValid(string? hex) => hex is { Length: 64 } && hex.All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c));

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

/// <summary>Where a card reader delivers cards (the staff-mode logic). Called from the reader's loop, one card at a time.</summary>
public interface ICardSink
{
    ValueTask OnCardAsync(CardPresented card, CancellationToken cancellationToken);
}

/// <summary>An NFC/RFID reader that reports the cards held to it.</summary>
public interface ICardReader : IDevice
{
    /// <summary>Sets where cards go. Call before the loop runs.</summary>
    void AttachSink(ICardSink sink);
}
