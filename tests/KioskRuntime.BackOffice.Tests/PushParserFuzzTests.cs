using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using KioskRuntime.BackOffice.Contract;
using KioskRuntime.BackOffice.Processing;

namespace KioskRuntime.BackOffice.Tests;

/// <summary>
/// Fuzzes the push endpoint's parser (batch reader, event checks, card-data scan) in process, like the device parsers: any body
/// either reads or is refused with a reason, or raises the reader's own <see cref="JsonException"/> (which the endpoint turns
/// into a 400); nothing else, no input takes long. 100,000 inputs per property by default; set KIOSK_PROPERTY_ITERATIONS
/// (e.g. 1000000) for the longer run.
/// </summary>
public sealed class PushParserFuzzTests
{
    private static readonly long Iterations =
        long.TryParse(Environment.GetEnvironmentVariable("KIOSK_PROPERTY_ITERATIONS"), out long n) && n > 0 ? n : 100_000;

    private static readonly byte[][] Seeds =
    [
        Body(Events.Sale(1), Events.Sale(2, Events.Brunost, "0.532"), Events.Return(3, 1, 1), Events.Adjustment(4, Events.Epler, "-2.5")),
        Body(Events.Envelope(7, "kiosk-note", new JsonObject { ["memo"] = "x", ["n"] = new JsonArray(1, 2, 3) })),
        Body(Events.Sale(9)),
    ];

    // Pieces that steer a mutation into the grammar's corners: structure, escapes, numbers, card-like digit runs.
    private static readonly byte[][] Tokens = [.. new[]
    {
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "\\ud800", "\\u0061", "null", "true", "-0", "1e999", "0.00", "9223372036854775808",
        "\"seq\":", "\"payload\":", "\"lines\":[", "\"type\":\"sale\"", "\"type\":\"return\"", "\"pan\":", "4111111111111111", "4111 1111 1111 1111",
        ";4111111111111111=", "411111****1111", "\u00e6\u00f8\u00e5", "\xff", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    }.Select(t => t == "\xff" ? new byte[] { 0xff } : Encoding.UTF8.GetBytes(t))];

    private static readonly Gen<byte[]> Mutated =
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Select(Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.Int[0, Tokens.Length - 1], Gen.Byte).Array[1, 3])
            .Select((seed, edits) =>
            {
                var body = new List<byte>(Seeds[seed]);
                foreach (var (kind, at, token, value) in edits)
                {
                    var i = body.Count == 0 ? 0 : at % body.Count;
                    switch (kind)
                    {
                        case 0 when body.Count > 0:
                            body[i] = value;
                            break;
                        case 1:
                            body.InsertRange(i, Tokens[token]);
                            break;
                        case 2 when body.Count > 0:
                            body.RemoveRange(i, Math.Min(body.Count - i, 1 + (value % 16)));
                            break;
                        case 3:
                            body.RemoveRange(i, body.Count - i); // cut short
                            break;
                        default:
                            body.Insert(i, value);
                            break;
                    }
                }

                return body.ToArray();
            });

    private static readonly Gen<byte[]> AnyBody = Gen.OneOf(Gen.Byte.Array[0, 512], Mutated, Mutated, Mutated);

    [Fact]
    public void Any_push_body_is_read_or_refused_with_a_reason_and_never_raises_anything_else()
    {
        long read = 0;
        long slowestTicks = 0;
        AnyBody.Sample(body =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                if (BatchReader.TryRead(body, out var events, out var error))
                {
                    Interlocked.Increment(ref read);
                    Assert.InRange(events.Count, 1, BatchReader.MaxEvents);
                    for (var i = 0; i < events.Count; i++)
                    {
                        var e = events[i];
                        Assert.Equal(events[0].Seq + i, e.Seq);
                        Assert.True(e.Event is not null ^ e.Reason is not null, "an event is either parsed or has a reason");
                        if (e.Event is null && !e.Reason!.Contains("card data", StringComparison.Ordinal))
                        {
                            // An event parsed alone from its stored bytes gives the same answer (unless those are the
                            // redaction note of one that carried card data).
                            Assert.Equal(e.Reason, EventParser.ParseOne(e.RawJson.ToArray(), e.Seq).Reason);
                        }
                    }
                }
                else
                {
                    Assert.False(string.IsNullOrEmpty(error));
                }
            }
            catch (JsonException)
            {
                // The reader's own error: answered 400 "body is not valid JSON at line …".
            }

            var elapsed = Stopwatch.GetTimestamp() - started;
            InterlockedMax(ref slowestTicks, elapsed);
        }, iter: Iterations);

        // The mutations must keep producing readable batches, or the property says little about the event checks.
        Assert.True(read > Iterations / 40, $"only {read} of {Iterations} bodies were read as batches");
        Assert.True(Stopwatch.GetElapsedTime(0, slowestTicks) < TimeSpan.FromSeconds(2), $"one body took {Stopwatch.GetElapsedTime(0, slowestTicks)}");
    }

    [Fact]
    public void The_card_data_scan_never_raises_on_any_text()
    {
        Gen.OneOf(Gen.Byte.Array[0, 64], Gen.String.Select(s => Encoding.UTF8.GetBytes(s)))
            .Sample(text =>
            {
                CardDataScan.Classify(text, null);
                CardDataScan.Classify(text, "terminalRef");
            }, iter: Iterations);
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private static byte[] Body(params JsonObject[] events) =>
        Encoding.UTF8.GetBytes(new JsonObject { ["events"] = new JsonArray(events.Select(e => (JsonNode)e.DeepClone()).ToArray()) }.ToJsonString());
}
