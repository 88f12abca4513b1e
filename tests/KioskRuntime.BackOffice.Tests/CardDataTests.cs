using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using KioskRuntime.BackOffice.Contract;

namespace KioskRuntime.BackOffice.Tests;

/// <summary>Card data is refused in any event, at any depth, whatever else is wrong with it, and never stored or echoed.</summary>
public sealed class CardDataTests : IAsyncLifetime
{
    private const string Visa = "4111111111111111"; // passes Luhn

    private BackOfficeHost _host = null!;

    public async Task InitializeAsync() => _host = await BackOfficeHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string, string, string> CardDataEverywhere() => new()
    {
        { "line name", "payload.lines[0].name", "Luhn" },
        { "note spaced", "payload.note", "Luhn" },
        { "unknown type", "payload.memo", "track data" },
        { "envelope extra", "customer", "masked" },
        { "number", "payload.lines[0].extra", "Luhn" },
    };

    [Theory]
    [MemberData(nameof(CardDataEverywhere))]
    public async Task Card_data_anywhere_is_400_stored_redacted_and_never_repeated(string where, string path, string kind)
    {
        var ev = where switch
        {
            "line name" => Mutated(Events.Sale(1), e => e["payload"]!["lines"]![0]!["name"] = $"Gave {Visa}"),
            "note spaced" => Mutated(Events.Sale(1), e => e["payload"]!["note"] = "kort 4111 1111 1111 1111"),
            "unknown type" => Events.Envelope(1, "kiosk-note", new JsonObject { ["memo"] = $";{Visa}=25121010000" }),
            "envelope extra" => Mutated(Events.Sale(1), e => e["customer"] = "411111******1111"),
            _ => Mutated(Events.Sale(1), e => e["payload"]!["lines"]![0]!["extra"] = JsonValue.Create(4111111111111111L)),
        };

        using var response = await _host.PushAsync("k1", ev);

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"{path}: holds", body, StringComparison.Ordinal);
        Assert.Contains(kind, body, StringComparison.Ordinal);
        Assert.DoesNotContain("1111", body, StringComparison.Ordinal);
        var stored = (await _host.GetJsonAsync("/v1/kiosks/k1/events")).GetProperty("events")[0];
        Assert.Equal("invalid", stored.Str("status"));
        Assert.DoesNotContain("1111", stored.GetRawText(), StringComparison.Ordinal);
        Assert.True(stored.GetProperty("event").TryGetProperty("redacted", out _));
    }

    [Fact]
    public async Task Card_data_is_redacted_even_when_another_fault_comes_first()
    {
        var ev = Mutated(Events.Sale(1), e =>
        {
            e["payload"]!["receiptNo"] = 0; // malformed, checked before the payments
            e["payload"]!["payments"]![0]!["pan"] = Visa;
        });

        using var response = await _host.PushAsync("k1", ev);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var stored = (await _host.GetJsonAsync("/v1/kiosks/k1/events")).GetProperty("events")[0];
        Assert.DoesNotContain(Visa, stored.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("payload.payments[0].pan", stored.Str("reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Numbers_that_only_look_like_cards_are_accepted()
    {
        // A 16-digit payment provider reference passing Luhn (8835513921644387 does), GTINs, UUIDs, hex hashes, long receipt numbers.
        var ev = Mutated(Events.Sale(1), e =>
        {
            e["payload"]!["payments"]![0]!["terminalRef"] = "8835513921644387";
            e["payload"]!["receiptNo"] = "K1-2026-000000000017";
            e["payload"]!["batch"] = "0190a3c4-0000-7000-8000-411111111111";
        });

        using var response = await _host.PushAsync("k1", ev, Events.Sale(2, Events.Brunost));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All((await response.JsonAsync()).GetProperty("results").EnumerateArray(), r => Assert.Equal("accepted", r.Str("status")));
    }

    [Theory]
    [InlineData("4111111111111111", null, "Luhn")]
    [InlineData("5555-5555-5555-4444", null, "Luhn")]
    [InlineData("378282246310005", null, "Luhn")] // Amex, 15 digits
    [InlineData("4111111111111112", null, null)] // fails Luhn
    [InlineData("x4111111111111111", null, null)] // part of a word
    [InlineData("abcd-4111-1111-1111-1111", null, null)] // joined to a word by a dash
    [InlineData("SAF-T_Cash_Register_923609016_K1_20261208033302.xml", "file", null)] // a SAF-T file name: its stamp passes Luhn
    [InlineData("4111111111111111", "terminalRef", null)]
    [InlineData("07038010001659", "gtin", null)]
    [InlineData(";4111111111111112=2512", "terminalRef", "track")]
    [InlineData("%B4111111111111112^DOE", null, "track")]
    [InlineData("522222XXXXXX4444", null, "masked")]
    [InlineData("2026-11-27T09:15:02.123+01:00", null, null)]
    [InlineData("42.90", null, null)]
    public void Classify_decides_by_digits_luhn_and_neighbours(string text, string? field, string? expected)
    {
        var what = CardDataScan.Classify(Encoding.UTF8.GetBytes(text), field);

        if (expected is null)
        {
            Assert.Null(what);
        }
        else
        {
            Assert.Contains(expected, what, StringComparison.Ordinal);
        }
    }

    private static JsonObject Mutated(JsonObject ev, Action<JsonObject> change)
    {
        change(ev);
        return ev;
    }
}
