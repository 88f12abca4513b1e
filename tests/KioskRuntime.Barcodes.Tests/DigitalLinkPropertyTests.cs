using CsCheck;
using KioskRuntime.Barcodes.Gs1;

namespace KioskRuntime.Barcodes.Tests;

/// <summary>
/// Generated-input properties of the GS1 Digital Link reader and writer, <see cref="PropertySettings.Iterations"/> inputs each
/// (100,000 in CI; KIOSK_PROPERTY_ITERATIONS=1000000 for the long run).
/// </summary>
public sealed class DigitalLinkPropertyTests
{
    private static readonly long Iter = PropertySettings.Iterations;

    private static readonly BarcodeInterpreter Interpreter = new([]);

    private static readonly string[] Domains = ["https://id.gs1.org", "http://example.com/a/b", "https://shop.example.no/01x/"];

    /// <summary>
    /// Every element combination a GTIN Digital Link can carry, in the order a URI gives it: 01, any subset of the key
    /// qualifiers 22, 10, 21 (in that order), then 0–5 data attributes (every supported AI that is neither a primary key nor a
    /// key qualifier, so 02, dates, measures, prices, counts, GLNs 410–416 …).
    /// </summary>
    private static readonly Gen<(string Ai, string Value)[]> LinkElements =
        Gen.Select(
            Generators.ElementOf("01"),
            Gen.Bool.Array[3],
            Gen.Select(Generators.ElementOf("22"), Generators.ElementOf("10"), Generators.ElementOf("21")),
            Generators.Gs1Elements.Select(e => e.Where(x => Gs1ElementString.IsDigitalLinkAttribute(x.Ai) && x.Ai != "01").Take(5).ToArray()))
        .Select((gtin, use, qualifiers, attributes) =>
        {
            var list = new List<(string, string)> { gtin };
            if (use[0]) list.Add(qualifiers.Item1);
            if (use[1]) list.Add(qualifiers.Item2);
            if (use[2]) list.Add(qualifiers.Item3);
            list.AddRange(attributes);
            return list.ToArray();
        });

    [Fact]
    public void Element_string_to_uri_to_element_string_is_the_identity()
    {
        Gen.Select(LinkElements, Gen.Int[0, Domains.Length - 1]).Sample((elements, d) =>
        {
            Gs1ElementString es = Gs1ElementString.Parse(Generators.Raw(elements));
            string uri = es.ToDigitalLinkUri(Domains[d]);
            Assert.True(Gs1ElementString.TryParseDigitalLink(uri, out Gs1ElementString? back, out BarcodeParseError? error), $"{uri}: {error}");
            Assert.True(es.Elements.SequenceEqual(back.Elements), uri);
            Assert.Equal(es.ToString(), back.ToString());
            Assert.Equal(uri, back.ToDigitalLinkUri(Domains[d]));
        }, iter: Iter);
    }

    /// <summary>Web-address-shaped noise: the characters the reader splits on, escapes, digits and letters.</summary>
    private static readonly Gen<string> UriNoise = Gen.Select(
        Gen.OneOf<string>("https://", "http://", "HTTP://", "https:/", "", "https://id.gs1.org"),
        Gen.Char["/0123456789?&=%#ABCabcf.-_~+ \u001D\u00E5"].Array[0, 80].Select(a => new string(a)),
        (scheme, rest) => scheme + rest);

    [Fact]
    public void Nothing_makes_the_reader_throw_and_what_it_accepts_round_trips()
    {
        Gen.OneOf(UriNoise, Generators.Hostile, MutatedLinks).Sample(text =>
        {
            if (Gs1ElementString.TryParseDigitalLink(text, out Gs1ElementString? link, out BarcodeParseError? error))
            {
                Assert.Equal("01", link.Elements[0].Ai);
                Gs1ElementString again = Gs1ElementString.ParseDigitalLink(link.ToDigitalLinkUri());
                Assert.True(link.Elements.SequenceEqual(again.Elements), text);
            }
            else
            {
                Assert.StartsWith(Gs1ElementString.NotAProductCode, error.Reason, StringComparison.Ordinal);
                Assert.True(error.Offset is >= 0 && error.Offset <= text.Length, $"offset {error.Offset} outside \"{text}\"");
            }

            Assert.NotNull(Interpreter.Interpret(text, "]Q1"));
        }, iter: Iter);
    }

    /// <summary>Valid links with one character removed, replaced or inserted.</summary>
    private static readonly Gen<string> MutatedLinks =
        Gen.Select(LinkElements, Gen.Int[0, 300], Gen.Char["/0123456789?&=%#Aa-+"], Gen.Int[0, 2]).Select((elements, position, c, operation) =>
        {
            string valid = Gs1ElementString.Parse(Generators.Raw(elements)).ToDigitalLinkUri();
            int at = position % (valid.Length + 1);
            return operation switch
            {
                0 when at < valid.Length => valid.Remove(at, 1),
                1 when at < valid.Length => valid.Remove(at, 1).Insert(at, c.ToString()),
                _ => valid.Insert(at, c.ToString()),
            };
        });
}
