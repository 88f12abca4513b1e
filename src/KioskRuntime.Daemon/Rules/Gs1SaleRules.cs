using System.Globalization;
using KioskRuntime.Barcodes.Gs1;
using KioskRuntime.Domain;
using KioskRuntime.Hardware.Profiles;

namespace KioskRuntime.Daemon.Rules;

/// <summary>
/// What a GS1 code (element string or Digital Link, any carrier) does to the cart: the dates checked against the profile's rules
/// on the shop's calendar day, the net weight (AI 310n, kg) as the line's quantity, the price to pay (AI 392n/393n) checked
/// against the catalogue within the profile's tolerance, and the lot, serial and dates kept on the line. Pure; the caller
/// journals a <see cref="Gs1SaleDecision.Report"/>ed refusal.
/// </summary>
internal static class Gs1SaleRules
{
    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb-NO");

    /// <param name="localNow">Now in the shop's time zone (Europe/Oslo): its date is "today" for date rules.</param>
    public static Gs1SaleDecision Decide(Gs1ElementString code, Product product, Cart cart, Gs1Rules rules, string currency, DateTimeOffset localNow)
    {
        var today = DateOnly.FromDateTime(localNow.DateTime);
        var trace = new LineTrace(code.Batch, code.Serial, code.Expiry?.ToDateOnly(today), code.BestBefore?.ToDateOnly(today), code.SellBy?.ToDateOnly(today), code.NetWeightKg);

        if (DateRefusal(code, product, rules, today, localNow, trace) is { } refused)
        {
            return refused;
        }

        if (trace.Serial is { } serial && cart.HoldsSerial(product.Gtin, serial))
        {
            return Refuse($"{product.Name} with serial {serial} is already in the cart", trace);
        }

        Money? labelPrice = null;
        if (code.Price is { } price)
        {
            if (code.PriceCurrency is { } numeric && numeric != Gs1Rules.NumericCurrency(currency))
            {
                return Refuse($"the price on the label is in currency {numeric} (ISO 4217), this kiosk sells in {currency}", trace);
            }

            labelPrice = Money.Of(price);
        }

        if (product.Unit == SalesUnit.Kilograms)
        {
            if (code.NetWeightKg is not { } kg || kg <= 0)
            {
                var other = code.Elements.FirstOrDefault(e => e.Ai.Length == 4 && e.Ai[..3] is "320" or "356" or "357");
                return Refuse(other is null
                    ? $"{product.Name} is sold by weight: this code carries no net weight in kg (AI 310n)"
                    : $"{product.Name} is sold by the kg: this label gives its weight in another unit (AI {other.Ai})", trace);
            }

            if (labelPrice is not { } label)
            {
                return Accept(cart => cart.AddWeighed(product, kg, trace), trace);
            }

            var expected = product.Price * kg;
            return Within(label, expected, rules)
                ? Accept(cart => cart.AddWeighedAtLabelPrice(product, kg, label, trace), trace)
                : Refuse(
                    $"the label's price {Kr(label)} does not match {Kr(product.Price)}/kg × {kg.ToString("0.000", Norwegian)} kg = {Kr(expected)}: ask staff",
                    trace);
        }

        if (labelPrice is { } piecePrice)
        {
            return Within(piecePrice, product.Price, rules)
                ? Accept(cart => piecePrice == product.Price ? cart.AddPieces(product, 1, trace) : cart.AddPriced(product, piecePrice, trace), trace)
                : Refuse($"the label's price {Kr(piecePrice)} does not match the price of {product.Name}, {Kr(product.Price)}: ask staff", trace);
        }

        return Accept(cart => cart.AddPieces(product, 1, trace), trace);
    }

    private static Gs1SaleDecision? DateRefusal(Gs1ElementString code, Product product, Gs1Rules rules, DateOnly today, DateTimeOffset localNow, LineTrace trace)
    {
        (string Ai, string Rule, DateOnly? Date, string Words)[] dates =
        [
            ("17", "use-by", trace.UseBy, "use-by date (siste forbruksdag)"),
            ("16", "sell-by", trace.SellBy, "sell-by date"),
            ("15", "best-before", trace.BestBefore, "best-before date (best før)"),
        ];
        foreach (var (ai, rule, date, words) in dates)
        {
            if (date is { } day && day < today && rules.Dates.GetValueOrDefault(ai) == Gs1DateRule.RefuseAfter)
            {
                return Report($"{product.Name}: the {words} {day.ToString("dd.MM.yyyy", Norwegian)} has passed, this item cannot be sold", rule, day, trace);
            }
        }

        if (code.ExpiryTime is { } expiry && rules.Dates.GetValueOrDefault("7003") == Gs1DateRule.RefuseAfter)
        {
            var day = expiry.Date.ToDateOnly(today);
            var until = day.ToDateTime(new TimeOnly(expiry.Hour, expiry.Minute));
            if (localNow.DateTime > until)
            {
                return Report($"{product.Name}: it expired {until.ToString("dd.MM.yyyy HH:mm", Norwegian)}, this item cannot be sold", "expiry-time", day, trace);
            }
        }

        return null;
    }

    private static bool Within(Money label, Money expected, Gs1Rules rules) => Math.Abs(label.Amount - expected.Amount) <= rules.PriceTolerance;

    private static string Kr(Money m) => "kr " + m.Amount.ToString("N2", Norwegian);

    private static Gs1SaleDecision Accept(Func<Cart, CartLine> add, LineTrace trace) => new(add, null, null, null, trace);

    private static Gs1SaleDecision Refuse(string reason, LineTrace trace) => new(null, reason, null, null, trace);

    private static Gs1SaleDecision Report(string reason, string rule, DateOnly date, LineTrace trace) => new(null, reason, rule, date, trace);
}
