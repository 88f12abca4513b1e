using KioskRuntime.RackbeatSimulator.Account;

namespace KioskRuntime.RackbeatSimulator;

/// <summary>
/// The demo account: products of the kiosk's demo catalog under Rackbeat item numbers (one with a <c>/</c>, to keep URL encoding
/// honest), EAN-13 barcodes, prices excluding VAT, stock at location "1"; walk-in customer 900. Illustrative data.
/// </summary>
internal static class DemoAccount
{
    private static readonly (string Number, string Barcode, string Name, decimal NetPrice, decimal Vat, decimal Stock)[] Rows =
    [
        ("SYL-400", "7038010001659", "Blåbærsyltetøy 400 g", 37.30m, 15m, 36m),
        ("BRU-500", "7040030001106", "Brunost 500 g", 69.48m, 15m, 24m),
        ("GRA-ORG", "7038591002014", "Grandiosa Original", 52.09m, 15m, 40m),
        ("SOL-05", "7020250001278", "Solo 0,5 l", 26.00m, 15m, 96m),
        ("MLK-1L", "7042260000126", "Lettmelk 1 l", 19.48m, 15m, 60m),
        ("EGG-12", "7039570008126", "Egg 12 stk frittgående", 47.74m, 15m, 30m),
        ("BAT/AA4", "7041230005185", "Batterier AA 4-pk", 55.20m, 25m, 15m),
        ("TAN-KRE", "7038500000940", "Tannkrem 75 ml", 27.20m, 25m, 20m),
    ];

    public static void Seed(SimulatedAccount account)
    {
        foreach (var row in Rows)
        {
            account.PutProduct(new Product
            {
                Number = row.Number,
                Barcode = row.Barcode,
                Name = row.Name,
                SalesPrice = row.NetPrice,
                VatPercentage = row.Vat,
                Locations = new(StringComparer.Ordinal) { ["1"] = new LocationStock { Stock = row.Stock } },
            });
        }
    }
}
