using KioskRuntime.Barcodes.Gs1;

namespace KioskRuntime.Barcodes.Tests;

/// <summary>
/// GS1 Digital Link URIs. Sources: GS1 Digital Link Standard: URI Syntax, release 1.2 (Jan 2021): its ABNF grammar
/// (<c>gtin-path = gtin-comp [cpv-comp] [lot-comp] [ser-comp]</c>, <c>gtin-value = 14DIGIT / 13DIGIT / 12DIGIT / 8DIGIT</c>,
/// XCHAR symbols that are percent-encoded, the list of primary keys in <c>gs1path</c>) and its examples with the
/// GTIN 09521234543213 (the 952 example prefix); GS1 General Specifications §7.9 (check digit) and §3 (AI formats).
/// </summary>
public sealed class DigitalLinkTests
{
    private static readonly BarcodeInterpreter Interpreter = new([]);

    public static TheoryData<string, string> ValidVectors => new()
    {
        // The standard's examples (URI Syntax 1.2, with the 952 example GTIN).
        { "https://id.gs1.org/01/09521234543213", "(01)09521234543213" },
        { "https://id.gs1.org/01/09521234543213/10/ABC123/21/12345", "(01)09521234543213(10)ABC123(21)12345" },
        { "https://id.gs1.org/01/09521234543213/10/ABC123?17=261231", "(01)09521234543213(10)ABC123(17)261231" },
        { "https://example.com/products/01/09521234543213", "(01)09521234543213" },

        // gtin-value may be GTIN-13/12/8: the element string has 14 digits.
        { "https://id.gs1.org/01/9521234543213", "(01)09521234543213" },

        // Key qualifiers: any subset, in the order 22, 10, 21.
        { "https://id.gs1.org/01/09521234543213/22/2A/10/LOT7/21/SN9", "(01)09521234543213(22)2A(10)LOT7(21)SN9" },
        { "https://id.gs1.org/01/09521234543213/22/2A/21/SN9", "(01)09521234543213(22)2A(21)SN9" },
        { "https://id.gs1.org/01/09521234543213/21/SN9", "(01)09521234543213(21)SN9" },

        // Percent-encoding (RFC 3986 §2.1; XCHAR symbols such as '/' and '+' are encoded in a value).
        { "https://id.gs1.org/01/09521234543213/22/ABC%2D123/10/XYZ%2F987", "(01)09521234543213(22)ABC-123(10)XYZ/987" },
        { "https://id.gs1.org/01/09521234543213/10/A%2bB%25", "(01)09521234543213(10)A+B%" },

        // Data attributes in the query string, in their order; non-GS1 parameters and the fragment are ignored.
        { "https://id.gs1.org/01/07038010001659?3103=001250&3922=4990", "(01)07038010001659(3103)001250(3922)4990" },
        { "https://id.gs1.org/01/07038010001659?linkType=gs1:pip&17=270131&utm=x#top", "(01)07038010001659(17)270131" },
        { "https://id.gs1.org/01/07038010001659/10/L1?15=261130&campaign", "(01)07038010001659(10)L1(15)261130" },
        { "https://id.gs1.org/01/07038010001659?3932=5782490", "(01)07038010001659(3932)5782490" },

        // The example, an upper-case scheme and domain, and a trailing slash.
        { "https://id.gs1.org/01/07020220003110", "(01)07020220003110" },
        { "HTTPS://ID.GS1.ORG/01/07020220003110", "(01)07020220003110" },
        { "http://shop.example.no/01/07020220003110/", "(01)07020220003110" },
    };

    public static TheoryData<string, string, int> InvalidVectors => new()
    {
        { "https://id.gs1.org/01/09521234543214", "check digit 4, expected 3", 35 },
        { "https://id.gs1.org/01/123", "AI (01) needs exactly 14 characters", 22 },
        { "https://id.gs1.org/01/09521234543213/21/12345/10/ABC", "/10/ is out of order", 46 },
        { "https://id.gs1.org/01/09521234543213/10/A/10/B", "/10/ is out of order", 42 },
        { "https://id.gs1.org/01/09521234543213/17/261231", "/17/ is not a key qualifier of a GTIN", 37 },
        { "https://id.gs1.org/00/106141411234567897", "it identifies a shipping container (SSCC), not a product for sale", 19 },
        { "https://id.gs1.org/414/9521234543213", "it identifies a location (GLN), not a product for sale", 19 },
        { "https://example.com/about/us", "no GS1 key in its path", 19 },
        { "https://id.gs1.org/AQnYUc1gRQ", "compressed GS1 Digital Link is not read", 18 },
        { "https://id.gs1.org/01/09521234543213?10=ABC", "AI (10) is a key qualifier, which belongs in the path", 37 },
        { "https://id.gs1.org/01/09521234543213?01=09521234543213", "AI (01) is a primary key", 37 },
        { "https://id.gs1.org/01/09521234543213?17=261331", "AI (17) month 13 is not 01–12", 42 },
        { "https://id.gs1.org/01/09521234543213?17", "AI (17) in the query string has no value", 37 },
        { "https://id.gs1.org/01/09521234543213?7007=261231", "unknown or unsupported application identifier (7007)", 37 },
        { "https://id.gs1.org/01/09521234543213/10/AB%2", "'%' is not followed by two hexadecimal digits", 42 },
        { "https://id.gs1.org/01/09521234543213/10/A%C3%A5", "%C3 is not a character of the GS1 character set", 41 },
        { "https://id.gs1.org/01/09521234543213/10/A%20B", "is not in the GS1 character set 82", 40 },
        { "https://id.gs1.org/01/09521234543213/10/ABCDEFGHIJKLMNOPQRSTU", "AI (10) needs 1 to 20 characters, got 21", 40 },
        { "https://id.gs1.org/01/09521234543213?3103=1250", "AI (3103) needs exactly 6 characters", 42 },
        { "https://id.gs1.org/01/09521234543213?17=261231&17=261230", "AI (17) appears twice with different values", 47 },
        { "ftp://id.gs1.org/01/09521234543213", "not a web address", 0 },
        { "https:///01/09521234543213", "the address has no domain", 8 },
        { "https://id gs1.org/01/09521234543213", "the domain contains ' '", 10 },
    };

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void Valid_uris_read_as_the_element_string(string uri, string bracketed)
    {
        Assert.True(Gs1ElementString.TryParseDigitalLink(uri, out Gs1ElementString? link, out BarcodeParseError? error), error?.ToString());
        Assert.Equal(bracketed, link.ToBracketedString());
        Assert.Equal(Gs1ElementString.ParseBracketed(bracketed).Elements, link.Elements);
    }

    [Theory]
    [MemberData(nameof(InvalidVectors))]
    public void Invalid_uris_are_refused_with_a_customer_reason_and_where(string uri, string reason, int offset)
    {
        Assert.False(Gs1ElementString.TryParseDigitalLink(uri, out _, out BarcodeParseError? error));
        Assert.StartsWith(Gs1ElementString.NotAProductCode + ": ", error.Reason, StringComparison.Ordinal);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void Element_string_becomes_a_uri_with_qualifiers_in_order_and_values_encoded()
    {
        Gs1ElementString es = Gs1ElementString.ParseBracketed("(01)09521234543213(17)261231(21)S/1(10)A+B(3103)001250(22)X");
        Assert.Equal("https://id.gs1.org/01/09521234543213/22/X/10/A%2BB/21/S%2F1?17=261231&3103=001250", es.ToDigitalLinkUri());
        Assert.Equal("https://example.com/p/01/09521234543213/22/X/10/A%2BB/21/S%2F1?17=261231&3103=001250", es.ToDigitalLinkUri("https://example.com/p/"));
        Assert.Throws<InvalidOperationException>(() => Gs1ElementString.ParseBracketed("(10)ABC").ToDigitalLinkUri());
        Assert.Throws<InvalidOperationException>(() => Gs1ElementString.ParseBracketed("(01)09521234543213(414)9521234543213").ToDigitalLinkUri());
        Assert.Throws<ArgumentException>(() => es.ToDigitalLinkUri("id.gs1.org"));
    }

    [Fact]
    public void Every_carrier_gives_the_same_interpretation()
    {
        // The same item (GTIN, net weight 1.250 kg, price 49.90, lot L1, use-by 2027-01-31) on every carrier a kiosk meets.
        const string gs = "\u001D";
        string raw = "0107038010001659" + "3103001250" + "17270131" + "10L1" + gs + "392249.90".Replace(".", string.Empty, StringComparison.Ordinal);
        Gs1ElementString expected = Gs1ElementString.Parse(raw);
        (string Data, string? Aim)[] carriers =
        [
            (raw, "]C1"),                        // GS1-128
            (raw, "]e0"),                        // GS1 DataBar Expanded
            (raw, "]d2"),                        // GS1 DataMatrix
            (raw, "]Q3"),                        // GS1 QR Code
            (gs + raw + "\r\n", null),           // keyboard wedge without AIM id (leading FNC1 as GS, Enter)
            ("(01)07038010001659(3103)001250(17)270131(10)L1(3922)4990", null), // bracketed human-readable
            ("https://id.gs1.org/01/07038010001659/10/L1?3103=001250&17=270131&3922=4990", "]Q1"), // Digital Link QR
            ("https://example.no/x/01/07038010001659/10/L1?3103=001250&17=270131&3922=4990", "]d1"), // Digital Link Data Matrix
            ("https://id.gs1.org/01/07038010001659/10/L1?3103=001250&17=270131&3922=4990", null),  // Digital Link via wedge
        ];

        foreach ((string data, string? aim) in carriers)
        {
            var reading = Assert.IsType<Gs1Code>(Interpreter.Interpret(data, aim));
            Assert.Equal(expected.Elements.OrderBy(e => e.Ai, StringComparer.Ordinal), reading.ElementString.Elements.OrderBy(e => e.Ai, StringComparer.Ordinal));
            Assert.Equal(1.250m, reading.ElementString.NetWeightKg);
            Assert.Equal(49.90m, reading.ElementString.Price);
            Assert.Equal("L1", reading.ElementString.Batch);
        }
    }

    [Fact]
    public void A_qr_code_that_is_not_a_product_says_so()
    {
        var bad = Assert.IsType<InvalidCode>(Interpreter.Interpret("https://id.gs1.org/00/106141411234567897", "]Q1"));
        Assert.StartsWith("this QR code is not a product code", bad.Reason, StringComparison.Ordinal);
        Assert.IsType<InvalidCode>(Interpreter.Interpret("https://id.gs1.org/01/07038010001658", "]Q1"));
        Assert.IsType<InvalidCode>(Interpreter.Interpret("https://id.gs1.org/AQnYUc1gRQ", "]Q1"));

        // An ordinary web address is not a broken Digital Link: the kiosk decides what it means (and tells the customer).
        Assert.IsType<OtherCode>(Interpreter.Interpret("https://www.example.no/kampanje", "]Q1"));
        Assert.IsType<OtherCode>(Interpreter.Interpret("WIFI:S:shop;;", "]Q1"));
    }
}
