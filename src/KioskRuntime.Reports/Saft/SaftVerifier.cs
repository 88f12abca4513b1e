using System.Security.Cryptography;
using System.Xml;
using System.Xml.Linq;
using KioskRuntime.Journal.Fiscal;

namespace KioskRuntime.Reports.Saft;

/// <summary>
/// Checks an auditfile's signature chains the way the tax office would: per cash register, in file order, each cashtransaction's
/// signature must verify (with the public key of its keyVersion) over <c>previous;transDate;transTime;nr;transAmntIn;transAmntEx</c>
/// as written in the file. A changed amount, a removed transaction or two swapped ones break the chain at that point. Streams one
/// transaction at a time. An export that starts mid-chain (its first transaction not chained to "0") has that first signature
/// unverifiable here (its predecessor is not in the file): it is counted, not failed.
/// </summary>
internal static class SaftVerifier
{
    public static SaftVerification Verify(Stream auditfile, IReadOnlyDictionary<string, RSA> publicKeysByVersion)
    {
        var problems = new List<string>();
        long verified = 0;
        long unanchored = 0;
        string register = "?";
        string? previous = null;
        using var reader = XmlReader.Create(auditfile, new XmlReaderSettings { IgnoreWhitespace = true, DtdProcessing = DtdProcessing.Prohibit });
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.NamespaceURI != SaftCodes.Namespace)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "cashregister":
                    register = "?";
                    previous = null;
                    break;
                case "registerID" when register == "?":
                    register = reader.ReadElementContentAsString();
                    break;
                case "cashtransaction":
                    var tx = XElement.Load(reader.ReadSubtree());
                    var (ok, anchoredFirst) = Check(tx, register, previous, publicKeysByVersion, problems);
                    verified += ok ? 1 : 0;
                    unanchored += previous is null && !anchoredFirst ? 1 : 0;
                    previous = Field(tx, "signature");
                    break;
            }
        }

        return new SaftVerification(problems.Count == 0, verified, unanchored, problems);
    }

    private static (bool Ok, bool AnchoredFirst) Check(
        XElement tx, string register, string? previous, IReadOnlyDictionary<string, RSA> keys, List<string> problems)
    {
        var nr = Field(tx, "nr");
        var signature = Field(tx, "signature");
        var version = Field(tx, "keyVersion");
        var tail = $"{Field(tx, "transDate")};{Field(tx, "transTime")};{nr};{Field(tx, "transAmntIn")};{Field(tx, "transAmntEx")}";
        if (!keys.TryGetValue(version, out var key))
        {
            problems.Add($"register {register}, transaction {nr}: no public key for keyVersion \"{version}\"");
            return (false, false);
        }

        if (previous is null)
        {
            // The file's first transaction: verifiable only when it starts the register's chain.
            return FiscalSignature.Verify(key, $"{FiscalSignature.First};{tail}", signature) ? (true, true) : (false, false);
        }

        if (FiscalSignature.Verify(key, $"{previous};{tail}", signature))
        {
            return (true, false);
        }

        problems.Add($"register {register}, transaction {nr}: the signature does not verify over the previous transaction's signature and this transaction's date, time, number and amounts (changed, removed or reordered)");
        return (false, false);
    }

    private static string Field(XElement tx, string name) => tx.Element(XName.Get(name, SaftCodes.Namespace))?.Value ?? "";
}

/// <summary>The outcome of <see cref="SaftVerifier.Verify"/>.</summary>
internal sealed record SaftVerification(bool IsValid, long Verified, long Unanchored, IReadOnlyList<string> Problems);
