using KioskRuntime.BackOffice.Contract;
using KioskRuntime.BackOffice.Storage;

namespace KioskRuntime.BackOffice.Catalog;

/// <summary>
/// The demo catalog: Norwegian groceries with GTIN-14s (GTIN-13 prefix 70 padded with a leading 0, valid check digits),
/// NOK prices, VAT 15 % food, 25 % non-food, 12 % transport/cinema, 0 % newspapers. Illustrative data, not real products.
/// </summary>
internal static class DemoCatalog
{
    private static readonly (string Gtin, string Sku, string Name, string Price, string VatRate, string Unit, decimal Stock, int? AgeLimit)[] Rows =
    [
        ("07038010001659", "SYL-400", "Blåbærsyltetøy 400 g", "42.90", "15", "pcs", 36m, null),
        ("07040030001106", "BRU-500", "Brunost 500 g", "79.90", "15", "pcs", 24m, null),
        ("07038591002014", "GRA-ORG", "Grandiosa Original", "59.90", "15", "pcs", 40m, null),
        ("07020250001278", "SOL-05", "Solo 0,5 l", "29.90", "15", "pcs", 96m, null),
        ("07042260000126", "MLK-1L", "Lettmelk 1 l", "22.40", "15", "pcs", 60m, null),
        ("07040180004569", "BRD-GROV", "Kneippbrød grovt 750 g", "34.90", "15", "pcs", 18m, null),
        ("07039570008126", "EGG-12", "Egg 12 stk frittgående", "54.90", "15", "pcs", 30m, null),
        ("07040040002308", "KAF-250", "Kaffe filtermalt 250 g", "49.90", "15", "pcs", 28m, null),
        ("07038010002786", "JAR-200", "Jarlsberg 200 g", "44.50", "15", "pcs", 22m, null),
        ("07020220003110", "KVI-LAKS", "Røkt laks 200 g", "89.00", "15", "pcs", 12m, null),
        ("07042300000956", "FRI-SJOK", "Melkesjokolade 200 g", "39.90", "15", "pcs", 45m, null),
        ("07040470001742", "KNE-PÅL", "Pålegg kokt skinke 100 g", "32.90", "15", "pcs", 25m, null),
        ("07038600022507", "EPL-ROD", "Epler røde, løsvekt", "34.90", "15", "kg", 25.500m, null),
        ("07041080003331", "RIN-PILS", "Ringnes Pils 0,5 l", "39.90", "15", "pcs", 120m, 18),
        ("07041230005185", "BAT-AA4", "Batterier AA 4-pk", "69.00", "25", "pcs", 15m, null),
        ("07038500000940", "TAN-KRE", "Tannkrem 75 ml", "34.00", "25", "pcs", 20m, null),
        ("07041570007207", "POS-BAG", "Bærepose plast", "4.00", "25", "pcs", 300m, null),
        ("07020500000464", "AVI-DAG", "Aftenposten dagsutgave", "45.00", "0", "pcs", 10m, null),
        ("07043110001683", "BUS-ENK", "Bussbillett enkel voksen", "42.00", "12", "pcs", 999m, null),
        ("07044010002138", "KIN-BIL", "Kinobillett voksen", "145.00", "12", "pcs", 50m, null),
    ];

    /// <summary>The demo products; every GTIN is checked, so a typo fails at start-up, not in a test run.</summary>
    public static IReadOnlyList<CatalogProduct> Products() =>
        Rows.Select(r => new CatalogProduct(
                Gtin.TryParse(r.Gtin, out var gtin, out var error)
                    ? gtin.Value
                    : throw new InvalidOperationException($"Demo catalog row {r.Sku}: {error}"),
                r.Sku, r.Name, r.Price, "NOK", r.VatRate, r.Unit, r.Stock, r.AgeLimit))
            .ToList();
}
