using System.Security.Cryptography;
using System.Text;

namespace KioskRuntime.BackOffice.Access;

/// <summary>
/// One valid token, as the credentials file holds it: who it is for (<c>admin</c> or one kiosk id) and the SHA-256 of the
/// token, never the token itself. Immutable.
/// </summary>
/// <param name="KioskId">The one kiosk this token may act as; null for the admin credential.</param>
/// <param name="Digest">SHA-256 of the token's UTF-8 bytes (32 bytes).</param>
/// <param name="IssuedAt">When it was issued, as written in the file (informative).</param>
internal sealed record Credential(string? KioskId, byte[] Digest, string? IssuedAt)
{
    public bool IsAdmin => KioskId is null;

    /// <summary>The subject as written in the file: <c>admin</c> or <c>kiosk:ID</c>.</summary>
    public string Subject => KioskId is null ? "admin" : "kiosk:" + KioskId;

    /// <summary>A short name for logs and <c>credentials revoke</c>: the first 12 hex digits of the digest.</summary>
    public string ShortId => Convert.ToHexStringLower(Digest)[..12];

    public static byte[] DigestOf(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>A new token: 32 random bytes, base64url without padding (43 characters).</summary>
    public static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
