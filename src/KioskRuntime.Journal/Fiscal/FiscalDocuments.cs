namespace KioskRuntime.Journal.Fiscal;

/// <summary>Journal state names of the fiscal seal (collections of <see cref="IJournalState"/>).</summary>
public static class FiscalCollections
{
    /// <summary>One <see cref="FiscalChainDocument"/> per cash register, keyed by register id.</summary>
    public const string Chains = "fiscal_chain";

    /// <summary>One <see cref="FiscalKeyDocument"/> per signing key ever used, keyed by its fingerprint.</summary>
    public const string Keys = "fiscal_keys";
}

/// <summary>The head of a cash register's signature chain: the last signature and the transaction it signed.</summary>
public sealed class FiscalChainDocument
{
    public string RegisterId { get; set; } = "";

    public string LastSignature { get; set; } = FiscalSignature.First;

    public long LastNr { get; set; }

    public long Count { get; set; }
}

/// <summary>A signing key the kiosk has signed with: its version (1, 2, … in order of first use) and public key.</summary>
public sealed class FiscalKeyDocument
{
    public int Version { get; set; }

    public string Fingerprint { get; set; } = "";

    public string PublicKeyPem { get; set; } = "";

    public DateTimeOffset FirstUsedAt { get; set; }
}
