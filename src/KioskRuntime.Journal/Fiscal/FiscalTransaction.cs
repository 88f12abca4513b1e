using System.Globalization;
using System.Text.Json;

namespace KioskRuntime.Journal.Fiscal;

/// <summary>
/// What the signature covers, read from a sale or return event's payload (the upstream contract's shape: <c>receiptNo</c>,
/// <c>total</c>, <c>vat[].amount</c>) and the seal the journal added (<c>signature</c>: value, keyVersion, registerId).
/// Returns are negative. Pure.
/// </summary>
public sealed record FiscalTransaction(string Type, long Nr, decimal AmountInclVat, decimal AmountExclVat, string? Signature, int? KeyVersion, string? RegisterId)
{
    public const string SaleType = "sale";
    public const string ReturnType = "return";

    public static bool IsSigned(string eventType) => eventType is SaleType or ReturnType;

    /// <exception cref="FormatException">the payload lacks what the signature needs; the message names the field.</exception>
    public static FiscalTransaction Read(string eventType, string payloadJson)
    {
        using var doc = JsonDocument.Parse(payloadJson);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{eventType} payload is not a JSON object");
        }

        if (!root.TryGetProperty("receiptNo", out var nrElement) || !nrElement.TryGetInt64(out var nr))
        {
            throw new FormatException($"{eventType} payload has no receiptNo");
        }

        var total = Decimal(root, "total", eventType);
        var vat = 0m;
        if (root.TryGetProperty("vat", out var vats) && vats.ValueKind == JsonValueKind.Array)
        {
            foreach (var v in vats.EnumerateArray())
            {
                vat += Decimal(v, "amount", eventType);
            }
        }

        var sign = eventType == ReturnType ? -1 : 1;
        string? signature = null;
        int? keyVersion = null;
        string? registerId = null;
        if (root.TryGetProperty("signature", out var seal) && seal.ValueKind == JsonValueKind.Object)
        {
            signature = seal.TryGetProperty("value", out var s) ? s.GetString() : null;
            keyVersion = seal.TryGetProperty("keyVersion", out var k) && k.TryGetInt32(out var kv) ? kv : null;
            registerId = seal.TryGetProperty("registerId", out var r) ? r.GetString() : null;
        }

        return new FiscalTransaction(eventType, nr, sign * total, sign * (total - vat), signature, keyVersion, registerId);
    }

    private static decimal Decimal(JsonElement element, string name, string eventType)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String
            || !decimal.TryParse(value.GetString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
        {
            throw new FormatException($"{eventType} payload: \"{name}\" is not a decimal string");
        }

        return d;
    }
}
