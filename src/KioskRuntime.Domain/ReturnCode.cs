using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KioskRuntime.Domain;

/// <summary>
/// The code printed on every sales receipt (as a QR code or Code 128) that starts a return when scanned:
/// <c>KRT:&lt;kioskId&gt;:&lt;receiptNo&gt;:&lt;token&gt;</c>. The token is 96 random bits drawn when the sale is journaled and kept with
/// it in the journal (never sent upstream), so a code cannot be guessed from the receipt number or forged for another sale; the kiosk id
/// keeps a receipt from another kiosk from being returned here. Codes of the old form (no token) are not return codes any more.
/// </summary>
public static class ReturnCode
{
    private const string Prefix = "KRT:";

    /// <summary>Hex digits in a token (96 bits).</summary>
    public const int TokenLength = 24;

    /// <summary>A new random token (lowercase hex) for a sale about to be journaled.</summary>
    public static string NewToken() => RandomNumberGenerator.GetHexString(TokenLength, lowercase: true);

    public static string Format(string kioskId, long receiptNo, string token) =>
        $"{Prefix}{kioskId}:{receiptNo.ToString(CultureInfo.InvariantCulture)}:{token}";

    /// <summary>Whether <paramref name="data"/> claims to be a return code (valid or not): it is then never taken for a product.</summary>
    public static bool LooksLikeReturnCode(string data) => data.StartsWith(Prefix, StringComparison.Ordinal);

    public static bool TryParse(string data, out string kioskId, out long receiptNo, out string token)
    {
        kioskId = "";
        receiptNo = 0;
        token = "";
        if (!LooksLikeReturnCode(data))
        {
            return false;
        }

        var rest = data.AsSpan(Prefix.Length);
        var last = rest.LastIndexOf(':');
        if (last <= 0 || !IsToken(rest[(last + 1)..]))
        {
            return false;
        }

        var head = rest[..last];
        var colon = head.LastIndexOf(':');
        if (colon <= 0 || !long.TryParse(head[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out receiptNo) || receiptNo <= 0)
        {
            receiptNo = 0;
            return false;
        }

        kioskId = head[..colon].ToString();
        token = rest[(last + 1)..].ToString();
        return true;
    }

    /// <summary>Compares a scanned token with the journaled one in constant time (no timing oracle on the token's digits).</summary>
    public static bool TokenMatches(string? journaled, string scanned) =>
        journaled is { Length: TokenLength }
        && scanned.Length == TokenLength
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(journaled), Encoding.ASCII.GetBytes(scanned));

    private static bool IsToken(ReadOnlySpan<char> text)
    {
        if (text.Length != TokenLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
