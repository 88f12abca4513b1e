using KioskRuntime.Daemon.Tests.Support;
using KioskRuntime.Domain;

namespace KioskRuntime.Daemon.Tests.Flows;

/// <summary>
/// GS1 codes through the cart session over a real journal: Digital Link QR, weight and price from the code, the date rules on
/// the Oslo calendar day (the fixture's clock starts 2026-11-27 08:00 UTC = 09:00 in Oslo), lot and dates on the sale line.
/// Date AIs (GS1 General Specifications §3.4): 15 best before, 16 sell by, 17 expiration ("siste forbruksdag", use-by).
/// </summary>
public sealed class Gs1ScanTests
{
    private const string Gs = "\u001D";
    private const string JamAi = "0107038010001659";
    private const string ApplesAi = "0107038600022507";

    [Fact]
    public async Task A_digital_link_qr_code_is_sold_like_its_ean()
    {
        using var kiosk = new KioskFixture();
        var outcome = await kiosk.Flows.Cart.ScanAsync(kiosk.Code("https://id.gs1.org/01/07038010001659", "]Q1"), CancellationToken.None);
        Assert.True(outcome.Accepted, outcome.Message);
        Assert.Equal("39.90", outcome.Cart.Total);
    }

    [Fact]
    public async Task A_qr_code_that_is_not_a_product_is_refused_in_words_a_customer_reads()
    {
        using var kiosk = new KioskFixture();
        var web = await kiosk.Flows.Cart.ScanAsync(kiosk.Code("https://www.example.no/kampanje", "]Q1"), CancellationToken.None);
        Assert.Equal("this QR code is not a product code", web.Message);
        var sscc = await kiosk.Flows.Cart.ScanAsync(kiosk.Code("https://id.gs1.org/00/106141411234567897", "]Q1"), CancellationToken.None);
        Assert.StartsWith("this QR code is not a product code: it identifies a shipping container", sscc.Message, StringComparison.Ordinal);
        Assert.Empty(sscc.Cart.Lines);
    }

    [Fact]
    public async Task Net_weight_and_price_to_pay_sell_at_the_label_weight_and_price_and_reach_the_sale_line()
    {
        using var kiosk = new KioskFixture();
        // 1.250 kg × 39.90 kr/kg = 49.875 → 49.88; the label says 49.90, within the default tolerance of 0.10.
        var outcome = await kiosk.Flows.Cart.ScanAsync(kiosk.Code(ApplesAi + "3103001250" + "10L7" + Gs + "39224990", "]C1"), CancellationToken.None);
        Assert.True(outcome.Accepted, outcome.Message);
        var line = Assert.Single(outcome.Cart.Lines);
        Assert.Equal(("1.25", "39.90", "49.90"), (line.Qty, line.UnitPrice, line.LineTotal));

        var sold = await kiosk.Flows.Cart.CheckoutAsync(CancellationToken.None);
        Assert.True(sold.Succeeded, sold.Message);
        var sale = EventJson.Deserialize<SalePayload>(Assert.Single(kiosk.Events(EventTypes.Sale)).PayloadJson);
        var saleLine = Assert.Single(sale.Lines);
        Assert.Equal(("1.25", "kg", "39.90", "49.90", "L7", "1.25"), (saleLine.Qty, saleLine.Unit, saleLine.UnitPrice, saleLine.LineTotal, saleLine.Lot, saleLine.NetWeight));
        Assert.Equal("49.90", sale.Total);
    }

    [Theory]
    [InlineData("39225100", "the label's price kr 51,00 does not match kr 39,90/kg × 1,250 kg = kr 49,88")]
    [InlineData("39327524990", "the price on the label is in currency 752 (ISO 4217), this kiosk sells in NOK")]
    public async Task A_label_price_that_does_not_fit_is_refused_never_repriced(string price, string reason)
    {
        using var kiosk = new KioskFixture();
        var outcome = await kiosk.Flows.Cart.ScanAsync(kiosk.Code(ApplesAi + "3103001250" + price, "]e0"), CancellationToken.None);
        Assert.False(outcome.Accepted);
        Assert.StartsWith(reason, outcome.Message, StringComparison.Ordinal);
        Assert.Empty(outcome.Cart.Lines);
    }

    [Fact]
    public async Task A_price_in_kroner_with_its_currency_code_is_accepted_and_a_tighter_tolerance_refuses_the_same_label()
    {
        using var loose = new KioskFixture();
        var nok = await loose.Flows.Cart.ScanAsync(loose.Code(ApplesAi + "3103001250" + "39325784990", "]d2"), CancellationToken.None);
        Assert.True(nok.Accepted, nok.Message);

        using var tight = new KioskFixture(gs1: """{ "priceTolerance": "0.01" }""");
        var refused = await tight.Flows.Cart.ScanAsync(tight.Code(ApplesAi + "3103001250" + "39325784990", "]d2"), CancellationToken.None);
        Assert.False(refused.Accepted);
        Assert.Contains("does not match", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_weighed_product_needs_a_weight_in_kilograms()
    {
        using var kiosk = new KioskFixture();
        var none = await kiosk.Flows.Cart.ScanAsync(kiosk.Code("https://id.gs1.org/01/07038600022507", "]Q1"), CancellationToken.None);
        Assert.Equal("Epler Røde is sold by weight: this code carries no net weight in kg (AI 310n)", none.Message);
        var pounds = await kiosk.Flows.Cart.ScanAsync(kiosk.Code("(01)07038600022507(3202)000275", null), CancellationToken.None);
        Assert.Equal("Epler Røde is sold by the kg: this label gives its weight in another unit (AI 3202)", pounds.Message);
    }

    [Fact]
    public async Task A_passed_use_by_date_is_refused_and_journaled_for_the_waste_report()
    {
        using var kiosk = new KioskFixture();
        var outcome = await kiosk.Flows.Cart.ScanAsync(kiosk.Code(JamAi + "17261126" + "10L9", "]C1"), CancellationToken.None);
        Assert.False(outcome.Accepted);
        Assert.Equal("Blåbærsyltetøy 400 g: the use-by date (siste forbruksdag) 26.11.2026 has passed, this item cannot be sold", outcome.Message);
        Assert.Empty(outcome.Cart.Lines);

        var rejected = EventJson.Deserialize<ScanRejectedPayload>(Assert.Single(kiosk.Events(EventTypes.ScanRejected)).PayloadJson);
        Assert.Equal(("07038010001659", "use-by", "2026-11-26", "L9", "scanner"), (rejected.Gtin, rejected.Rule, rejected.Date, rejected.Lot, rejected.Scanner));
        Assert.Equal(outcome.Message, rejected.Reason);
    }

    [Fact]
    public async Task The_use_by_day_itself_sells_until_midnight_in_Oslo_not_in_UTC()
    {
        using var kiosk = new KioskFixture();
        Assert.True((await kiosk.Flows.Cart.ScanAsync(kiosk.Code(JamAi + "17261127", "]C1"), CancellationToken.None)).Accepted);

        kiosk.Time.Advance(TimeSpan.FromHours(15.5)); // 23:30 UTC on the 27th is 00:30 on the 28th in Oslo
        var late = await kiosk.Flows.Cart.ScanAsync(kiosk.Code(JamAi + "17261127" + "10X", "]C1"), CancellationToken.None);
        Assert.False(late.Accepted);
        Assert.Single(kiosk.Events(EventTypes.ScanRejected));
    }

    [Fact]
    public async Task A_passed_best_before_date_is_sold_and_kept_on_the_line_unless_the_profile_refuses_it()
    {
        using var kiosk = new KioskFixture();
        var outcome = await kiosk.Flows.Cart.ScanAsync(kiosk.Code("https://id.gs1.org/01/07038010001659/10/B1?15=261101", "]Q1"), CancellationToken.None);
        Assert.True(outcome.Accepted, outcome.Message);
        await kiosk.Flows.Cart.CheckoutAsync(CancellationToken.None);
        var line = Assert.Single(EventJson.Deserialize<SalePayload>(Assert.Single(kiosk.Events(EventTypes.Sale)).PayloadJson).Lines);
        Assert.Equal(("B1", "2026-11-01", null), (line.Lot, line.BestBefore, line.UseBy));
        Assert.Empty(kiosk.Events(EventTypes.ScanRejected));

        using var strict = new KioskFixture(gs1: """{ "dates": { "15": "refuse-after" } }""");
        var refused = await strict.Flows.Cart.ScanAsync(strict.Code("https://id.gs1.org/01/07038010001659?15=261101", "]Q1"), CancellationToken.None);
        Assert.Contains("best-before date (best før) 01.11.2026 has passed", refused.Message, StringComparison.Ordinal);
        Assert.Equal("best-before", EventJson.Deserialize<ScanRejectedPayload>(Assert.Single(strict.Events(EventTypes.ScanRejected)).PayloadJson).Rule);
    }

    [Fact]
    public async Task One_serialised_item_cannot_be_sold_twice_and_lots_get_a_line_each()
    {
        using var kiosk = new KioskFixture();
        Assert.True((await kiosk.Flows.Cart.ScanAsync(kiosk.Code(JamAi + "21S1", "]C1"), CancellationToken.None)).Accepted);
        var again = await kiosk.Flows.Cart.ScanAsync(kiosk.Code("(01)07038010001659(21)S1", null), CancellationToken.None);
        Assert.Equal("Blåbærsyltetøy 400 g with serial S1 is already in the cart", again.Message);

        await kiosk.Flows.Cart.ScanAsync(kiosk.Code(JamAi + "10A", "]C1"), CancellationToken.None);
        await kiosk.Flows.Cart.ScanAsync(kiosk.Code(JamAi + "10B", "]C1"), CancellationToken.None);
        var sameLot = await kiosk.Flows.Cart.ScanAsync(kiosk.Code("(01)07038010001659(10)B", null), CancellationToken.None);
        Assert.Equal(["1", "1", "2"], sameLot.Cart.Lines.Select(l => l.Qty));
    }

    [Fact]
    public async Task A_passed_expiry_date_and_time_is_refused_by_the_hour()
    {
        using var kiosk = new KioskFixture();
        Assert.True((await kiosk.Flows.Cart.ScanAsync(kiosk.Code(JamAi + "70032611271000", "]C1"), CancellationToken.None)).Accepted); // 09:00 in Oslo
        kiosk.Time.Advance(TimeSpan.FromHours(2)); // 11:00 in Oslo
        var late = await kiosk.Flows.Cart.ScanAsync(kiosk.Code(JamAi + "7003261127100010Z", "]C1"), CancellationToken.None);
        Assert.Equal("Blåbærsyltetøy 400 g: it expired 27.11.2026 10:00, this item cannot be sold", late.Message);
        Assert.Equal("expiry-time", EventJson.Deserialize<ScanRejectedPayload>(Assert.Single(kiosk.Events(EventTypes.ScanRejected)).PayloadJson).Rule);
    }
}
