using System.Buffers;
using System.Text;
using System.Text.Json;

namespace KioskRuntime.Contract.Tests;

public sealed class ContractEventWriterTests
{
    private static readonly Guid Id = Guid.Parse("01936f0e-8c1a-7b2e-9d4f-0123456789ab");
    private static readonly DateTimeOffset At = new(2026, 11, 27, 11, 45, 0, 123, TimeSpan.FromHours(1));

    [Fact]
    public void Writes_the_contract_shape_with_the_payload_bytes_verbatim()
    {
        const string Payload = "{ \"receiptNo\" : 1,\"total\":\"24.90\" , \"name\":\"Blåbærsyltetøy\"}";
        var json = ContractEventWriter.ToJson(new ContractEvent(7, Id, "sale", At, Payload, "ab01"), out var problem);

        Assert.Null(problem);
        // The default encoder escapes '+' as \u002B (as both writers did before they became one): same bytes on the wire as before.
        Assert.Equal(
            "{\"seq\":7,\"id\":\"01936f0e-8c1a-7b2e-9d4f-0123456789ab\",\"type\":\"sale\",\"occurredAt\":\"2026-11-27T11:45:00.123\\u002B01:00\","
            + "\"payload\":" + Payload + ",\"hash\":\"ab01\"}",
            json);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("2026-11-27T11:45:00.123+01:00", doc.RootElement.GetProperty("occurredAt").GetString());
    }

    [Theory]
    [InlineData("{\"total\":", "")]
    [InlineData("not json", "invalid")]
    [InlineData("{} {}", "")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    public void A_bad_payload_is_written_as_a_string_and_reported_with_its_seq(string payload, string reasonPart)
    {
        var json = ContractEventWriter.ToJson(new ContractEvent(42, Id, "sale", At, payload, "ab01"), out var problem);

        Assert.NotNull(problem);
        Assert.Equal(42, problem.Seq);
        Assert.Contains(reasonPart, problem.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("seq 42: ", problem.ToString(), StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(42, doc.RootElement.GetProperty("seq").GetInt64());
        Assert.Equal(payload, doc.RootElement.GetProperty("payload").GetString());
    }

    [Fact]
    public void Several_events_in_one_writer_stay_one_valid_document_even_with_a_bad_payload()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var problems = new List<PayloadProblem>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var seq = 1; seq <= 3; seq++)
            {
                var payload = seq == 2 ? "{\"broken\"" : "{\"n\":" + seq + "}";
                if (ContractEventWriter.Write(writer, new ContractEvent(seq, Id, "sale", At, payload, "ab")) is { } p)
                {
                    problems.Add(p);
                }
            }

            writer.WriteEndArray();
        }

        using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(buffer.WrittenSpan));
        Assert.Equal([1L, 2L, 3L], doc.RootElement.EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal(2, Assert.Single(problems).Seq);
    }
}
