using System.Text.Json;
using KioskRuntime.Contract;

namespace KioskRuntime.Journal.Fiscal;

/// <summary>
/// Signs every sale and return as the journal writes it: on the writer thread, inside the same LiteDB transaction as the event, so
/// no sale is ever committed without its signature and no signature exists for a sale that was not committed. Reads the register's
/// chain head from journal state (rolled back with a failed write, so the chain never skips), signs Skatteetaten's string with the
/// current key, stores the new head, and adds <c>"signature":{"value","keyVersion","registerId"}</c> to the payload — which the
/// SHA-256 chain then hashes. A key seen for the first time gets the next version (rotation: a new credential, the chain goes on).
/// </summary>
public sealed class FiscalSealer : ITransactionSealer
{
    private readonly FiscalSigningKey _key;
    private readonly string _registerId;

    public FiscalSealer(FiscalSigningKey key, string registerId)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(registerId);
        _key = key;
        _registerId = registerId;
    }

    public NewEvent Seal(IJournalState state, NewEvent candidate)
    {
        if (!FiscalTransaction.IsSigned(candidate.Type))
        {
            return candidate;
        }

        var tx = FiscalTransaction.Read(candidate.Type, candidate.PayloadJson);
        if (tx.Signature is not null)
        {
            throw new InvalidOperationException($"{candidate.Type} {tx.Nr} already carries a signature; only the journal signs");
        }

        var at = ContractTime.Truncate(candidate.OccurredAt);
        var version = KeyVersion(state, at);
        var chain = state.Get<FiscalChainDocument>(FiscalCollections.Chains, _registerId) ?? new FiscalChainDocument { RegisterId = _registerId };
        var signed = FiscalSignature.Build(chain.LastSignature, at, tx.Nr, tx.AmountInclVat, tx.AmountExclVat);
        var signature = _key.Sign(signed);
        chain.LastSignature = signature;
        chain.LastNr = tx.Nr;
        chain.Count++;
        state.Put(FiscalCollections.Chains, _registerId, chain);
        return candidate with { PayloadJson = WithSeal(candidate.PayloadJson, signature, version), OccurredAt = at };
    }

    private int KeyVersion(IJournalState state, DateTimeOffset at)
    {
        if (state.Get<FiscalKeyDocument>(FiscalCollections.Keys, _key.Fingerprint) is { } known)
        {
            return known.Version;
        }

        var next = state.All<FiscalKeyDocument>(FiscalCollections.Keys).Select(k => k.Version).DefaultIfEmpty(0).Max() + 1;
        state.Put(FiscalCollections.Keys, _key.Fingerprint, new FiscalKeyDocument
        {
            Version = next, Fingerprint = _key.Fingerprint, PublicKeyPem = _key.PublicKeyPem, FirstUsedAt = at,
        });
        return next;
    }

    /// <summary>Adds the seal as the object's last member, leaving every byte before it as the flow wrote it.</summary>
    private string WithSeal(string payloadJson, string signature, int version)
    {
        var end = payloadJson.TrimEnd();
        var seal = JsonSerializer.Serialize(new SealJson(signature, version, _registerId), SealJsonContext.Default.SealJson);
        var body = end[..^1].TrimEnd();
        var separator = body.EndsWith('{') ? "" : ",";
        return $"{body}{separator}\"signature\":{seal}}}";
    }
}

internal sealed record SealJson(
    [property: System.Text.Json.Serialization.JsonPropertyName("value")] string Value,
    [property: System.Text.Json.Serialization.JsonPropertyName("keyVersion")] int KeyVersion,
    [property: System.Text.Json.Serialization.JsonPropertyName("registerId")] string RegisterId);

[System.Text.Json.Serialization.JsonSerializable(typeof(SealJson))]
internal sealed partial class SealJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
