using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace KioskRuntime.Daemon.Tests;

/// <summary>
/// The control protocol's request parser on malformed input: every input answered (a request or an error), none throws, none hangs.
/// 100,000 inputs here (CI); <c>KIOSK_FUZZ_INPUTS=1000000</c> for the longer run (docs/security-kiosk.md).
/// </summary>
public sealed class ControlProtocolFuzzTests
{
    private static readonly string[] Seeds =
    [
        """{"command":"status"}""",
        """{"command":"scan","args":{"code":"7038010001659"}}""",
        """{"command":"door.unlock","args":{"reason":"service","seconds":30},"sudoUser":"kari","sudoUid":"1000"}""",
        """{"command":"stock.adjust","args":{"gtin":"07038010001659","delta":-2.5,"reason":"damage","staffId":"kari"}}""",
        """{"command":"journal.recover","args":{"accept":true}}""",
    ];

    [Theory]
    [InlineData("", "empty request")]
    [InlineData("   ", "empty request")]
    [InlineData("null", "malformed request: no command")]
    [InlineData("{}", "malformed request: no command")]
    [InlineData("""{"command":""}""", "malformed request: no command")]
    [InlineData("""{"command":42}""", "malformed request: ")]
    [InlineData("""{"command":"status","args":[1,2]}""", "malformed request: ")]
    [InlineData("""{"command":"status","args":{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{}}}}}}}}}}""", "malformed request: ")]
    [InlineData("\u00ff\u00fe{", "malformed request: ")]
    public void Malformed_requests_get_an_error(string line, string error)
    {
        Assert.False(ControlRequestReader.TryParse(Encoding.Latin1.GetBytes(line), out var request, out var message));
        Assert.Null(request);
        Assert.StartsWith(error, message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_over_the_cap_is_refused_without_being_parsed()
    {
        var line = Encoding.UTF8.GetBytes("{\"command\":\"status\",\"args\":{\"x\":\"" + new string('a', ControlRequestReader.MaxLineBytes) + "\"}}");
        Assert.False(ControlRequestReader.TryParse(line, out _, out var error));
        Assert.Equal($"request longer than {ControlRequestReader.MaxLineBytes} bytes", error);
    }

    [Fact]
    public void The_seeds_parse()
    {
        foreach (var seed in Seeds)
        {
            Assert.True(ControlRequestReader.TryParse(Encoding.UTF8.GetBytes(seed), out var request, out var error), error);
            Assert.False(string.IsNullOrEmpty(request!.Command));
        }
    }

    [Fact]
    public void No_input_crashes_or_hangs_the_parser()
    {
        var inputs = int.TryParse(Environment.GetEnvironmentVariable("KIOSK_FUZZ_INPUTS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 100_000;
        var random = new Random(20261208); // deterministic: a failure names its input index and reproduces
        var seeds = Seeds.Select(Encoding.UTF8.GetBytes).ToArray();
        var slowest = TimeSpan.Zero;
        var parsed = 0;
        for (var i = 0; i < inputs; i++)
        {
            var input = Mutate(seeds[random.Next(seeds.Length)], random);
            var clock = Stopwatch.StartNew();
            bool ok;
            try
            {
                ok = ControlRequestReader.TryParse(input, out var request, out var error);
                Assert.True(ok ? request is not null && error is null : request is null && !string.IsNullOrEmpty(error), $"input {i}: inconsistent answer");
            }
            catch (Exception e)
            {
                Assert.Fail($"input {i} ({Convert.ToHexString(input)}) threw {e.GetType().Name}: {e.Message}");
                throw;
            }

            parsed += ok ? 1 : 0;
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
        }

        Assert.True(slowest < TimeSpan.FromSeconds(1), $"the slowest input took {slowest}");
        Assert.InRange(parsed, 1, inputs - 1); // the mutations reach both sides
    }

    /// <summary>Byte flips, insertions of JSON punctuation, truncation, duplication, random bytes.</summary>
    private static byte[] Mutate(byte[] seed, Random random)
    {
        ReadOnlySpan<byte> punctuation = "{}[]\",:\\0-e.nul"u8;
        var bytes = new List<byte>(seed);
        var edits = random.Next(1, 6);
        for (var e = 0; e < edits; e++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.Insert(at, punctuation[random.Next(punctuation.Length)]);
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveRange(at, random.Next(1, bytes.Count - at + 1));
                    break;
                case 3:
                    bytes.InsertRange(at, bytes.GetRange(0, Math.Min(bytes.Count, random.Next(1, 64))));
                    break;
                case 4:
                    bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 8)).Select(_ => (byte)random.Next(256)));
                    break;
                case 5:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(new string('[', random.Next(1, 80))));
                    break;
                default:
                    bytes.Reverse(at, Math.Min(random.Next(0, 8), bytes.Count - at));
                    break;
            }
        }

        return bytes.ToArray();
    }
}
