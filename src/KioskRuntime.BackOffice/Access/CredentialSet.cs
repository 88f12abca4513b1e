using System.Globalization;
using System.Security.Cryptography;
using KioskRuntime.BackOffice.Contract;

namespace KioskRuntime.BackOffice.Access;

/// <summary>
/// The valid tokens, read from the credentials file: one line per token, <c>SUBJECT SHA256HEX [ISSUED-AT]</c>, where SUBJECT
/// is <c>admin</c> or <c>kiosk:ID</c>; <c>#</c> starts a comment. A kiosk may have two lines (or more) while its token is
/// rotated; one digest may appear only once (a token is bound to one subject). Immutable.
/// </summary>
internal sealed class CredentialSet
{
    private CredentialSet(IReadOnlyList<Credential> credentials) => Credentials = credentials;

    public IReadOnlyList<Credential> Credentials { get; }

    /// <summary>Parses the file's text.</summary>
    /// <exception cref="FormatException">A line is malformed; the message names the line and what is wrong.</exception>
    public static CredentialSet Parse(string text, string source)
    {
        var list = new List<Credential>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lineNo = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNo++;
            var line = rawLine.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length is < 2 or > 3)
            {
                throw Bad(source, lineNo, "expected SUBJECT SHA256HEX [ISSUED-AT]");
            }

            string? kiosk;
            if (parts[0] == "admin")
            {
                kiosk = null;
            }
            else if (parts[0].StartsWith("kiosk:", StringComparison.Ordinal) && KioskId.TryParse(parts[0][6..], out var id))
            {
                kiosk = id.Value.Value;
            }
            else
            {
                throw Bad(source, lineNo, "the subject must be admin or kiosk:ID with ID matching [a-z0-9][a-z0-9-]{0,63}");
            }

            if (parts[1].Length != 64 || !IsLowerHex(parts[1]))
            {
                throw Bad(source, lineNo, "the digest must be 64 lower-case hex digits (the SHA-256 of the token, never the token)");
            }

            if (!seen.Add(parts[1]))
            {
                throw Bad(source, lineNo, "this digest is already listed: a token is bound to one subject");
            }

            list.Add(new Credential(kiosk, Convert.FromHexString(parts[1]), parts.Length == 3 ? parts[2] : null));
        }

        return new CredentialSet(list);
    }

    /// <summary>
    /// The credential whose digest is the token's, or null. Every digest is compared (constant time each), so the time taken
    /// does not say which, or whether one, matched.
    /// </summary>
    public Credential? Find(string token)
    {
        var presented = Credential.DigestOf(token);
        Credential? found = null;
        foreach (var credential in Credentials)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, credential.Digest))
            {
                found = credential;
            }
        }

        return found;
    }

    private static bool IsLowerHex(string text)
    {
        foreach (var ch in text)
        {
            if (ch is not (>= '0' and <= '9' or >= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }

    private static FormatException Bad(string source, int line, string what) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{source} line {line}: {what}"));
}
