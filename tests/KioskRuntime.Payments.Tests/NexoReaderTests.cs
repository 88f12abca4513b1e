using System.Text;
using KioskRuntime.Devices;
using KioskRuntime.Payments.Nexo;

namespace KioskRuntime.Payments.Tests;

public sealed class NexoReaderTests
{
    private const string Pan = "541333******9999";

    private static NexoResponse Read(string json)
    {
        using var doc = NexoReader.Parse(Encoding.UTF8.GetBytes(json), "test");
        return NexoReader.ReadResponse(doc.RootElement);
    }

    private static string Payment(string response, string extra = "") => $$"""
        {"SaleToPOIResponse": {
          "MessageHeader": {"ProtocolVersion": "3.0", "MessageClass": "Service", "MessageCategory": "Payment", "MessageType": "Response",
                            "ServiceID": "A1b2C3", "SaleID": "kiosk-1", "POIID": "V400m-324688179"},
          "PaymentResponse": {
            "Response": {{response}},
            "SaleData": {"SaleTransactionID": {"TransactionID": "tx-1", "TimeStamp": "2026-11-27T08:00:00.000Z"} },
            "POIData": {"POITransactionID": {"TransactionID": "BV0q001.4GQ4", "TimeStamp": "2026-11-27T08:00:05.000Z"} },
            "PaymentResult": {
              "OnlineFlag": "true",
              "AmountsResp": {"AuthorizedAmount": "42.00", "Currency": "NOK"},
              "PaymentInstrumentData": {"PaymentInstrumentType": "Card", "CardData": {"MaskedPan": "{{Pan}}", "PaymentBrand": "mc", "EntryMode": ["Contactless"]} }
            }{{extra}}
          } } }
        """;

    [Fact]
    public void Success_with_strings_for_numbers_and_booleans_is_approved_with_brand_and_poi_reference()
    {
        var r = Read(Payment("""{"Result": "Success", "AdditionalResponse": "pspReference=881&refusalReason=&cardSummary=9999&posadditionalamounts.originalAmountValue=4200"}"""));
        var body = Assert.IsType<PaymentResponseBody>(r.Body);
        Assert.Equal(42.00m, body.AuthorizedAmount);
        Assert.Equal("881", body.Response.Additional["pspReference"]);
        Assert.Null(body.Response.Additional["cardSummary"]);
        var result = NexoResultMapper.FromPayment(body, 42m);
        Assert.Equal(new PaymentResult(PaymentResultKind.Approved, 42.00m, "BV0q001.4GQ4", "mc", null), result);
    }

    [Fact]
    public void The_masked_pan_is_never_part_of_what_is_read()
    {
        var r = Read(Payment("""{"Result": "Success"}"""));
        Assert.DoesNotContain("9999", r.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("541333", r.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("9999", NexoResultMapper.FromPayment((PaymentResponseBody)r.Body, 42m).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Refusal", "Refused", PaymentResultKind.Declined)]
    [InlineData("WrongPIN", "PIN wrong", PaymentResultKind.Declined)]
    [InlineData("Communication timeout", "acquirer", PaymentResultKind.Declined)]
    [InlineData("SomethingNew", "x", PaymentResultKind.Declined)]
    [InlineData("Aborted", "by sale", PaymentResultKind.Cancelled)]
    [InlineData("Cancel", "by shopper", PaymentResultKind.Cancelled)]
    [InlineData("InProgress", "", PaymentResultKind.Unknown)]
    public void Failure_maps_by_error_condition_including_values_outside_the_list(string condition, string refusal, PaymentResultKind expected)
    {
        var r = Read(Payment($$"""{"Result": "Failure", "ErrorCondition": "{{condition}}", "AdditionalResponse": "refusalReason={{Uri.EscapeDataString(refusal)}}"}"""));
        var result = NexoResultMapper.FromPayment((PaymentResponseBody)r.Body, 42m);
        Assert.Equal(expected, result.Kind);
        Assert.Contains(condition, result.Reason, StringComparison.Ordinal);
        Assert.Null(result.AuthorizedAmount);
    }

    [Fact]
    public void An_unknown_result_value_is_never_taken_for_success()
    {
        var r = Read(Payment("""{"Result": "Maybe"}"""));
        Assert.Equal(PaymentResultKind.Unknown, NexoResultMapper.FromPayment((PaymentResponseBody)r.Body, 42m).Kind);
    }

    [Fact]
    public void A_partial_approval_is_reported_approved_with_the_smaller_amount_and_a_Partial_reason()
    {
        var r = Read(Payment("""{"Result": "Partial"}"""));
        var result = NexoResultMapper.FromPayment((PaymentResponseBody)r.Body, 50m);
        Assert.Equal(PaymentResultKind.Approved, result.Kind);
        Assert.Equal(42m, result.AuthorizedAmount);
        Assert.StartsWith("Partial:", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_result_names_the_path()
    {
        var ex = Assert.Throws<NexoFormatException>(() => Read(Payment("""{"ErrorCondition": "Refusal"}""")));
        Assert.Equal("SaleToPOIResponse.PaymentResponse.Response.Result", ex.JsonPath);
    }

    [Fact]
    public void Bad_json_names_line_and_byte()
    {
        var ex = Assert.Throws<NexoFormatException>(() => Read("{\"SaleToPOIResponse\":\n {\"MessageHeader\": [}"));
        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_amount_names_the_field()
    {
        string json = Payment("""{"Result": "Success"}""").Replace("\"42.00\"", "\"forty\"", StringComparison.Ordinal);
        var ex = Assert.Throws<NexoFormatException>(() => Read(json));
        Assert.Equal("SaleToPOIResponse.PaymentResponse.PaymentResult.AmountsResp.AuthorizedAmount", ex.JsonPath);
    }

    private static string Status(string response, string repeated = "") => $$"""
        {"SaleToPOIResponse": {
          "MessageHeader": {"MessageClass": "Service", "MessageCategory": "TransactionStatus", "MessageType": "Response", "ServiceID": "S2", "SaleID": "kiosk-1", "POIID": "P"},
          "TransactionStatusResponse": {"Response": {{response}}{{repeated}} } } }
        """;

    [Fact]
    public void Status_success_repeats_the_original_payment_answer()
    {
        string repeated = """
            , "RepeatedMessageResponse": {
                "MessageHeader": {"MessageClass": "Service", "MessageCategory": "Payment", "MessageType": "Response", "ServiceID": "A1", "SaleID": "kiosk-1", "POIID": "P"},
                "RepeatedResponseMessageBody": {"PaymentResponse": {
                    "Response": {"Result": "Failure", "ErrorCondition": "Refusal"},
                    "SaleData": {"SaleTransactionID": {"TransactionID": "tx-9", "TimeStamp": "2026-11-27T08:00:00Z"}}}}}
            """;
        var body = (TransactionStatusResponseBody)Read(Status("""{"Result": "Success"}""", repeated)).Body;
        Assert.Equal(PaymentResultKind.Declined, NexoResultMapper.FromStatus(body, "tx-9").Kind);
        var other = NexoResultMapper.FromStatus(body, "tx-10");
        Assert.Equal(PaymentResultKind.Unknown, other.Kind);
        Assert.StartsWith("Mismatch:", other.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NotFound", "NotFound:")]
    [InlineData("InProgress", "InProgress:")]
    [InlineData("Busy", "Unrecognised:")]
    public void Status_failures_are_unknown_with_a_prefix_the_kiosk_reads(string condition, string prefix)
    {
        var body = (TransactionStatusResponseBody)Read(Status($$"""{"Result": "Failure", "ErrorCondition": "{{condition}}"}""")).Body;
        var result = NexoResultMapper.FromStatus(body, "tx");
        Assert.Equal(PaymentResultKind.Unknown, result.Kind);
        Assert.StartsWith(prefix, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Writer_output_reads_back_as_the_same_request()
    {
        var request = new NexoRequest(
            new MessageHeader("Service", "Payment", "Request", "AbC123", "kiosk-1", "V400m-1"),
            new PaymentRequestBody(new TransactionReference("tx-1", new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero)), "NOK", 42.50m));
        using var doc = NexoReader.Parse(NexoWriter.Write(request), "round trip");
        Assert.Equal(request, NexoReader.ReadRequest(doc.RootElement));
    }

    [Fact]
    public void Additional_response_decodes_form_encoding_and_tolerates_junk()
    {
        var a = AdditionalResponse.Parse("message=Not+enough%20balance&flag&bad=%ZZ&maskedPan=4111");
        Assert.Equal("Not enough balance", a["message"]);
        Assert.Equal("", a["flag"]);
        Assert.Equal("%ZZ", a["bad"]);
        Assert.Null(a["maskedPan"]);
    }
}

public sealed class NexoJsonReadTests
{
    [Theory]
    [InlineData("""{"F": true}""", true)]
    [InlineData("""{"F": "true"}""", true)]
    [InlineData("""{"F": " False "}""", false)]
    [InlineData("""{"F": null}""", null)]
    [InlineData("""{}""", null)]
    public void Booleans_come_as_booleans_or_strings(string json, bool? expected)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(expected, KioskRuntime.Payments.Nexo.NexoJsonRead.Boolean(doc.RootElement, "F", "X"));
    }

    [Fact]
    public void A_boolean_that_is_neither_names_the_path()
    {
        using var doc = System.Text.Json.JsonDocument.Parse("""{"F": "yes"}""");
        var ex = Assert.Throws<KioskRuntime.Payments.Nexo.NexoFormatException>(() => KioskRuntime.Payments.Nexo.NexoJsonRead.Boolean(doc.RootElement, "F", "X.Y"));
        Assert.Equal("X.Y.F", ex.JsonPath);
    }

    [Theory]
    [InlineData("""{"A": 42.5}""", "42.5")]
    [InlineData("""{"A": "42.50"}""", "42.50")]
    [InlineData("""{"A": 7}""", "7")]
    public void Amounts_come_as_numbers_or_strings(string json, string expected)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), KioskRuntime.Payments.Nexo.NexoJsonRead.Decimal(doc.RootElement, "A", "X"));
    }

    [Fact]
    public void Text_fields_accept_numbers_as_terminals_send_ids()
    {
        using var doc = System.Text.Json.JsonDocument.Parse("""{"ServiceID": 1234}""");
        Assert.Equal("1234", KioskRuntime.Payments.Nexo.NexoJsonRead.Text(doc.RootElement, "ServiceID", "X"));
    }
}
