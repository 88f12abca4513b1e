using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace KioskRuntime.Payments.Nexo;

/// <summary>Writes nexo JSON (PascalCase names as the protocol spells them, amounts in major units, UTC timestamps). Stateless.</summary>
internal static class NexoWriter
{
    public static byte[] Write(NexoRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("SaleToPOIRequest");
            WriteHeader(w, request.Header);
            WriteRequestBody(w, request.Body);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes a response. <paramref name="maskedPan"/> exists only so the simulator can send what a real terminal sends and tests can
    /// prove the driver drops it.
    /// </summary>
    public static byte[] Write(NexoResponse response, string? maskedPan = null)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("SaleToPOIResponse");
            WriteHeader(w, response.Header);
            switch (response.Body)
            {
                case PaymentResponseBody pay:
                    w.WritePropertyName("PaymentResponse");
                    WritePayment(w, pay, maskedPan);
                    break;
                case TransactionStatusResponseBody status:
                    w.WriteStartObject("TransactionStatusResponse");
                    WriteOutcome(w, status.Response);
                    if (status.RepeatedPayment is not null || status.RepeatedReversal is not null)
                    {
                        w.WriteStartObject("RepeatedMessageResponse");
                        if (status.RepeatedHeader is not null)
                        {
                            WriteHeader(w, status.RepeatedHeader);
                        }

                        w.WriteStartObject("RepeatedResponseMessageBody");
                        if (status.RepeatedPayment is not null)
                        {
                            w.WritePropertyName("PaymentResponse");
                            WritePayment(w, status.RepeatedPayment, maskedPan);
                        }

                        if (status.RepeatedReversal is not null)
                        {
                            w.WritePropertyName("ReversalResponse");
                            WriteReversal(w, status.RepeatedReversal);
                        }

                        w.WriteEndObject();
                        w.WriteEndObject();
                    }

                    w.WriteEndObject();
                    break;
                case ReversalResponseBody reversal:
                    w.WritePropertyName("ReversalResponse");
                    WriteReversal(w, reversal);
                    break;
                default:
                    throw new ArgumentException($"cannot write a {response.Body.GetType().Name}", nameof(response));
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    internal static void WriteHeader(Utf8JsonWriter w, MessageHeader h)
    {
        w.WriteStartObject("MessageHeader");
        w.WriteString("ProtocolVersion", h.ProtocolVersion);
        w.WriteString("MessageClass", h.MessageClass);
        w.WriteString("MessageCategory", h.MessageCategory);
        w.WriteString("MessageType", h.MessageType);
        WriteIfSet(w, "ServiceID", h.ServiceId);
        WriteIfSet(w, "SaleID", h.SaleId);
        WriteIfSet(w, "POIID", h.PoiId);
        w.WriteEndObject();
    }

    private static void WriteRequestBody(Utf8JsonWriter w, NexoRequestBody body)
    {
        switch (body)
        {
            case PaymentRequestBody pay:
                w.WriteStartObject("PaymentRequest");
                w.WriteStartObject("SaleData");
                WriteReference(w, "SaleTransactionID", pay.SaleTransaction);
                w.WriteEndObject();
                w.WriteStartObject("PaymentTransaction");
                w.WriteStartObject("AmountsReq");
                w.WriteString("Currency", pay.Currency);
                w.WriteNumber("RequestedAmount", pay.RequestedAmount);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
                break;
            case TransactionStatusRequestBody status:
                w.WriteStartObject("TransactionStatusRequest");
                w.WriteStartObject("MessageReference");
                w.WriteString("MessageCategory", status.ReferencedCategory);
                WriteIfSet(w, "SaleID", status.SaleId);
                WriteIfSet(w, "ServiceID", status.ServiceId);
                w.WriteEndObject();
                w.WriteEndObject();
                break;
            case ReversalRequestBody reversal:
                w.WriteStartObject("ReversalRequest");
                w.WriteStartObject("OriginalPOITransaction");
                WriteReference(w, "POITransactionID", reversal.OriginalPoiTransaction);
                w.WriteEndObject();
                w.WriteString("ReversalReason", reversal.ReversalReason);
                if (reversal.ReversedAmount is { } amount)
                {
                    w.WriteNumber("ReversedAmount", amount);
                }

                if (reversal.SaleTransaction is not null)
                {
                    w.WriteStartObject("SaleData");
                    WriteReference(w, "SaleTransactionID", reversal.SaleTransaction);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
                break;
            case AbortRequestBody abort:
                w.WriteStartObject("AbortRequest");
                w.WriteStartObject("MessageReference");
                w.WriteString("MessageCategory", abort.ReferencedCategory);
                WriteIfSet(w, "SaleID", abort.SaleId);
                WriteIfSet(w, "ServiceID", abort.ServiceId);
                w.WriteEndObject();
                w.WriteString("AbortReason", abort.AbortReason);
                w.WriteEndObject();
                break;
            default:
                throw new ArgumentException($"cannot write a {body.GetType().Name}", nameof(body));
        }
    }

    private static void WritePayment(Utf8JsonWriter w, PaymentResponseBody pay, string? maskedPan)
    {
        w.WriteStartObject();
        WriteOutcome(w, pay.Response);
        if (pay.SaleTransaction is not null)
        {
            w.WriteStartObject("SaleData");
            WriteReference(w, "SaleTransactionID", pay.SaleTransaction);
            w.WriteEndObject();
        }

        if (pay.PoiTransaction is not null)
        {
            w.WriteStartObject("POIData");
            WriteReference(w, "POITransactionID", pay.PoiTransaction);
            w.WriteEndObject();
        }

        w.WriteStartObject("PaymentResult");
        if (pay.AuthorizedAmount is { } authorized)
        {
            w.WriteStartObject("AmountsResp");
            WriteIfSet(w, "Currency", pay.Currency);
            w.WriteNumber("AuthorizedAmount", authorized);
            w.WriteEndObject();
        }

        if (pay.PaymentBrand is not null || maskedPan is not null)
        {
            w.WriteStartObject("PaymentInstrumentData");
            w.WriteString("PaymentInstrumentType", "Card");
            w.WriteStartObject("CardData");
            WriteIfSet(w, "PaymentBrand", pay.PaymentBrand);
            WriteIfSet(w, "MaskedPan", maskedPan);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteReversal(Utf8JsonWriter w, ReversalResponseBody reversal)
    {
        w.WriteStartObject();
        WriteOutcome(w, reversal.Response);
        if (reversal.PoiTransaction is not null)
        {
            w.WriteStartObject("POIData");
            WriteReference(w, "POITransactionID", reversal.PoiTransaction);
            w.WriteEndObject();
        }

        if (reversal.ReversedAmount is { } amount)
        {
            w.WriteNumber("ReversedAmount", amount);
        }

        w.WriteEndObject();
    }

    private static void WriteOutcome(Utf8JsonWriter w, NexoOutcome o)
    {
        w.WriteStartObject("Response");
        w.WriteString("Result", o.Result.ToString());
        WriteIfSet(w, "ErrorCondition", o.ErrorCondition);
        if (o.Additional.Values.Count > 0)
        {
            w.WriteString("AdditionalResponse", o.Additional.Format());
        }

        w.WriteEndObject();
    }

    private static void WriteReference(Utf8JsonWriter w, string name, TransactionReference r)
    {
        w.WriteStartObject(name);
        w.WriteString("TransactionID", r.TransactionId);
        if (r.TimeStamp is { } t)
        {
            w.WriteString("TimeStamp", t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }

        w.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
