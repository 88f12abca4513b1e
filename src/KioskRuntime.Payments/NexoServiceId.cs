using System.Security.Cryptography;

namespace KioskRuntime.Payments;

/// <summary>
/// nexo ServiceIDs: 1–10 ASCII letters or digits, fresh for every request and unique per terminal for at least 48 h. Ten random
/// alphanumerics (62^10 ≈ 8·10^17) make a repeat within that window practically impossible without any state on the kiosk.
/// </summary>
public static class NexoServiceId
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A new random ServiceID of 10 characters.</summary>
    public static string New() => RandomNumberGenerator.GetString(Alphabet, 10);

    /// <summary>Whether <paramref name="value"/> is a valid ServiceID (1–10 ASCII letters or digits).</summary>
    public static bool IsValid(string? value) => value is { Length: >= 1 and <= 10 } && value.All(char.IsAsciiLetterOrDigit);
}
