using System.Text.Json;
using static KioskRuntime.Payments.Nexo.NexoJsonRead;

namespace KioskRuntime.Payments.Nexo;

/// <summary>
/// Reads nexo JSON messages (<c>SaleToPOIRequest</c> / <c>SaleToPOIResponse</c>) into the model. Lenient where terminals are sloppy
/// (booleans and numbers as strings, unknown <c>Result</c> and <c>ErrorCondition</c> values, extra fields), strict where a wrong guess
/// would cost money (a missing <c>Response.Result</c> is an error, never a success). Card data (<c>MaskedPan</c>, track data) is
/// never read. Stateless; thread-safe.
/// </summary>
internal static class NexoReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, MaxDepth = 32 };

    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, string what)
    {
        try
        {
            return JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new NexoFormatException(what, $"not JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {ex.Message}", ex);
        }
    }

    public static NexoResponse ReadResponse(JsonElement root)
    {
        var envelope = RequiredObject(root, "SaleToPOIResponse", "$");
        const string p = "SaleToPOIResponse";
        var header = ReadHeader(RequiredObject(envelope, "MessageHeader", p), p + ".MessageHeader");
        NexoResponseBody body = header.MessageCategory switch
        {
            "Payment" => ReadPayment(RequiredObject(envelope, "PaymentResponse", p), p + ".PaymentResponse"),
            "TransactionStatus" => ReadStatus(RequiredObject(envelope, "TransactionStatusResponse", p), p + ".TransactionStatusResponse"),
            "Reversal" => ReadReversal(RequiredObject(envelope, "ReversalResponse", p), p + ".ReversalResponse"),
            var other => throw new NexoFormatException(p + ".MessageHeader.MessageCategory", $"'{other}' is not a category this driver asks for"),
        };
        return new NexoResponse(header, body);
    }

    public static NexoRequest ReadRequest(JsonElement root)
    {
        var envelope = RequiredObject(root, "SaleToPOIRequest", "$");
        const string p = "SaleToPOIRequest";
        var header = ReadHeader(RequiredObject(envelope, "MessageHeader", p), p + ".MessageHeader");
        NexoRequestBody body = header.MessageCategory switch
        {
            "Payment" => ReadPaymentRequest(RequiredObject(envelope, "PaymentRequest", p), p + ".PaymentRequest"),
            "TransactionStatus" => ReadStatusRequest(RequiredObject(envelope, "TransactionStatusRequest", p), p + ".TransactionStatusRequest"),
            "Reversal" => ReadReversalRequest(RequiredObject(envelope, "ReversalRequest", p), p + ".ReversalRequest"),
            "Abort" => ReadAbortRequest(RequiredObject(envelope, "AbortRequest", p), p + ".AbortRequest"),
            var other => throw new NexoFormatException(p + ".MessageHeader.MessageCategory", $"'{other}' is not supported"),
        };
        return new NexoRequest(header, body);
    }

    internal static MessageHeader ReadHeader(JsonElement h, string p) => new(
        RequiredText(h, "MessageClass", p),
        RequiredText(h, "MessageCategory", p),
        RequiredText(h, "MessageType", p),
        Text(h, "ServiceID", p),
        Text(h, "SaleID", p),
        Text(h, "POIID", p),
        Text(h, "ProtocolVersion", p) ?? "3.0");

    private static NexoOutcome ReadOutcome(JsonElement parent, string p)
    {
        var r = RequiredObject(parent, "Response", p);
        p += ".Response";
        string resultText = RequiredText(r, "Result", p);
        var result = Enum.TryParse<NexoResult>(resultText, ignoreCase: true, out var parsed) && parsed != NexoResult.Unrecognised ? parsed : NexoResult.Unrecognised;
        return new NexoOutcome(result, Text(r, "ErrorCondition", p), AdditionalResponse.Parse(Text(r, "AdditionalResponse", p)));
    }

    private static PaymentResponseBody ReadPayment(JsonElement b, string p)
    {
        var outcome = ReadOutcome(b, p);
        TransactionReference? sale = null;
        if (Object(b, "SaleData", p) is { } saleData)
        {
            sale = Reference(saleData, "SaleTransactionID", p + ".SaleData");
        }

        TransactionReference? poi = null;
        if (Object(b, "POIData", p) is { } poiData)
        {
            poi = Reference(poiData, "POITransactionID", p + ".POIData");
        }

        decimal? authorized = null;
        string? currency = null;
        string? brand = null;
        if (Object(b, "PaymentResult", p) is { } result)
        {
            string rp = p + ".PaymentResult";
            if (Object(result, "AmountsResp", rp) is { } amounts)
            {
                authorized = Decimal(amounts, "AuthorizedAmount", rp + ".AmountsResp");
                currency = Text(amounts, "Currency", rp + ".AmountsResp");
            }

            // Only the brand is read from PaymentInstrumentData.CardData; MaskedPan and the rest are skipped on purpose.
            if (Object(result, "PaymentInstrumentData", rp) is { } instrument &&
                Object(instrument, "CardData", rp + ".PaymentInstrumentData") is { } card)
            {
                brand = Text(card, "PaymentBrand", rp + ".PaymentInstrumentData.CardData");
            }
        }

        return new PaymentResponseBody(outcome, sale, poi, authorized, currency, brand);
    }

    private static TransactionStatusResponseBody ReadStatus(JsonElement b, string p)
    {
        var outcome = ReadOutcome(b, p);
        if (Object(b, "RepeatedMessageResponse", p) is not { } repeated)
        {
            return new TransactionStatusResponseBody(outcome, null, null);
        }

        string rp = p + ".RepeatedMessageResponse";
        var header = Object(repeated, "MessageHeader", rp) is { } h ? ReadHeader(h, rp + ".MessageHeader") : null;
        PaymentResponseBody? payment = null;
        ReversalResponseBody? reversal = null;
        if (Object(repeated, "RepeatedResponseMessageBody", rp) is { } body)
        {
            string bp = rp + ".RepeatedResponseMessageBody";
            if (Object(body, "PaymentResponse", bp) is { } pr)
            {
                payment = ReadPayment(pr, bp + ".PaymentResponse");
            }

            if (Object(body, "ReversalResponse", bp) is { } rr)
            {
                reversal = ReadReversal(rr, bp + ".ReversalResponse");
            }
        }

        return new TransactionStatusResponseBody(outcome, header, payment, reversal);
    }

    private static ReversalResponseBody ReadReversal(JsonElement b, string p)
    {
        var outcome = ReadOutcome(b, p);
        TransactionReference? poi = Object(b, "POIData", p) is { } poiData ? Reference(poiData, "POITransactionID", p + ".POIData") : null;
        return new ReversalResponseBody(outcome, poi, Decimal(b, "ReversedAmount", p));
    }

    private static PaymentRequestBody ReadPaymentRequest(JsonElement b, string p)
    {
        var saleData = RequiredObject(b, "SaleData", p);
        var sale = Reference(saleData, "SaleTransactionID", p + ".SaleData") ?? throw new NexoFormatException(p + ".SaleData.SaleTransactionID", "missing");
        var tx = RequiredObject(b, "PaymentTransaction", p);
        var amounts = RequiredObject(tx, "AmountsReq", p + ".PaymentTransaction");
        string ap = p + ".PaymentTransaction.AmountsReq";
        decimal amount = Decimal(amounts, "RequestedAmount", ap) ?? throw new NexoFormatException(ap + ".RequestedAmount", "missing");
        return new PaymentRequestBody(sale, RequiredText(amounts, "Currency", ap), amount);
    }

    private static TransactionStatusRequestBody ReadStatusRequest(JsonElement b, string p)
    {
        if (Object(b, "MessageReference", p) is not { } r)
        {
            return new TransactionStatusRequestBody("Payment", null, null);
        }

        string rp = p + ".MessageReference";
        return new TransactionStatusRequestBody(Text(r, "MessageCategory", rp) ?? "Payment", Text(r, "SaleID", rp), Text(r, "ServiceID", rp));
    }

    private static ReversalRequestBody ReadReversalRequest(JsonElement b, string p)
    {
        var original = RequiredObject(b, "OriginalPOITransaction", p);
        var poi = Reference(original, "POITransactionID", p + ".OriginalPOITransaction")
            ?? throw new NexoFormatException(p + ".OriginalPOITransaction.POITransactionID", "missing");
        var sale = Object(b, "SaleData", p) is { } saleData ? Reference(saleData, "SaleTransactionID", p + ".SaleData") : null;
        return new ReversalRequestBody(poi, Text(b, "ReversalReason", p) ?? "MerchantCancel", Decimal(b, "ReversedAmount", p), null, sale);
    }

    private static AbortRequestBody ReadAbortRequest(JsonElement b, string p)
    {
        var r = RequiredObject(b, "MessageReference", p);
        string rp = p + ".MessageReference";
        return new AbortRequestBody(Text(r, "MessageCategory", rp) ?? "Payment", Text(r, "SaleID", rp), Text(r, "ServiceID", rp), Text(b, "AbortReason", p) ?? "MerchantAbort");
    }
}
