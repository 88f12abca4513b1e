using System.Text.Json;

namespace KioskRuntime.BackOffice.Contract;

/// <summary>
/// Where a JSON value lies in the request body: its token kind and byte range (a string's range includes its quotes), and
/// whether a string holds escapes. <see cref="JsonTokenType.None"/> for a field that is not there.
/// </summary>
internal readonly record struct JsonSlice(JsonTokenType Kind, int Start, int End, bool Escaped)
{
    /// <summary>Absent or null: what the contract calls missing.</summary>
    public bool IsMissing => Kind is JsonTokenType.None or JsonTokenType.Null;
}

/// <summary>Which payload shape a <c>type</c> names.</summary>
internal enum PayloadKind
{
    None,
    Unknown,
    Sale,
    Return,
    StockAdjustment,
}

/// <summary>The fields of one sale or return line, as found.</summary>
internal struct LineSlices
{
    public JsonSlice Element;
    public JsonSlice Qty;
    public JsonSlice Gtin;
    public JsonSlice Name;
    public JsonSlice UnitPrice;
    public JsonSlice VatRate;
    public JsonSlice LineTotal;
}

/// <summary>The fields of one VAT line, as found.</summary>
internal struct VatSlices
{
    public JsonSlice Element;
    public JsonSlice Rate;
    public JsonSlice Base;
    public JsonSlice Amount;
}

/// <summary>The fields of one payment or refund, as found, and the first property that names card data.</summary>
internal struct PaymentSlices
{
    public JsonSlice Element;
    public JsonSlice Method;
    public JsonSlice Amount;
    public JsonSlice CardDataName;
}

/// <summary>
/// What the scan of one event found, before anything is validated: the envelope's fields and, for a known type, the payload's
/// (the last one wins where a name repeats, as with <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>). Reused
/// from event to event within one batch; not thread-safe.
/// </summary>
internal sealed class EventCapture
{
    public int EventStart;
    public int EventEnd;
    public JsonSlice Seq;
    public JsonSlice Id;
    public JsonSlice Type;
    public JsonSlice OccurredAt;
    public JsonSlice Hash;
    public JsonSlice Payload;

    /// <summary>The shape the last <c>type</c> seen names (the payload is scanned for it when it follows the type).</summary>
    public PayloadKind TypeKind;

    /// <summary>The shape the payload's fields below were scanned for; <see cref="PayloadKind.None"/> when they were not.</summary>
    public PayloadKind PayloadScannedAs;

    public JsonSlice ReceiptNo;
    public JsonSlice Currency;
    public JsonSlice OriginalId;
    public JsonSlice OriginalSeq;
    public JsonSlice Total;
    public JsonSlice Gtin;
    public JsonSlice Delta;
    public JsonSlice Reason;
    public JsonSlice StaffId;
    public JsonSlice Lines;
    public JsonSlice Vat;
    public JsonSlice Payments;

    public List<LineSlices> LineItems { get; } = new(4);

    public List<VatSlices> VatItems { get; } = new(4);

    public List<PaymentSlices> PaymentItems { get; } = new(4);

    /// <summary>Where an escaped property name is unescaped to be compared.</summary>
    public byte[] NameScratch { get; } = new byte[EventScanner.MaxNameBytes];

    /// <summary>Recently seen GTINs, so that a batch of sales of a few products does not make a string per line.</summary>
    public GtinCache Gtins { get; } = new();

    public void ResetEvent(int start)
    {
        EventStart = start;
        EventEnd = start;
        Seq = Id = Type = OccurredAt = Hash = Payload = default;
        TypeKind = PayloadKind.None;
        ResetPayload();
    }

    public void ResetPayload()
    {
        PayloadScannedAs = PayloadKind.None;
        ReceiptNo = Currency = OriginalId = OriginalSeq = Total = Gtin = Delta = Reason = StaffId = default;
        Lines = Vat = Payments = default;
        LineItems.Clear();
        VatItems.Clear();
        PaymentItems.Clear();
    }
}

/// <summary>A few GTINs by their digits, replaced round-robin. Not thread-safe.</summary>
internal sealed class GtinCache
{
    private readonly Gtin[] _items = new Gtin[16];
    private int _count;
    private int _next;

    public bool TryGet(ReadOnlySpan<byte> digits, out Gtin gtin)
    {
        for (var i = 0; i < _count; i++)
        {
            if (System.Text.Ascii.Equals(digits, _items[i].Value))
            {
                gtin = _items[i];
                return true;
            }
        }

        gtin = default;
        return false;
    }

    public void Add(Gtin gtin)
    {
        _items[_next] = gtin;
        _next = (_next + 1) % _items.Length;
        _count = Math.Min(_count + 1, _items.Length);
    }
}
