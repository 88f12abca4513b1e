using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos.Imaging;
using KioskRuntime.Printing.Receipts.Norway;

namespace KioskRuntime.Printing.Tests;

internal static class SampleReceipts
{
    public static ReceiptData Sale(ReceiptKind kind = ReceiptKind.Sale, int extraLines = 0) => new()
    {
        SellerName = "Nærbutikken Blåbær AS",
        OrgNumber = "123456789",
        Address = ["Storgata 1", "0155 Oslo"],
        RegisterId = "KIOSK-01",
        ReceiptNumber = 4711,
        Kind = kind,
        At = new DateTimeOffset(2026, 11, 27, 23, 30, 5, TimeSpan.Zero),
        OriginalReceiptNumber = kind is ReceiptKind.Return or ReceiptKind.CopyOfReturn ? 4700 : null,
        Lines =
        [
            new ReceiptLine { Name = "Blåbærsyltetøy", Quantity = 1, Unit = "stk", UnitPrice = 24.90m, LineTotal = 24.90m, VatRate = 15 },
            new ReceiptLine { Name = "Epler", Quantity = 0.532m, Unit = "kg", UnitPrice = 39.90m, LineTotal = 21.23m, VatRate = 15 },
            new ReceiptLine { Name = "Kaffe", Quantity = 3, Unit = "stk", UnitPrice = 409.50m, LineTotal = 1228.50m, VatRate = 15 },
            .. Enumerable.Range(1, extraLines).Select(i => new ReceiptLine
            {
                Name = $"Vare nummer {i} med et ganske langt navn som må brytes", UnitPrice = 10m, LineTotal = 10m, VatRate = 25,
            }),
        ],
        Vat = [new VatLine { Rate = 15, Base = 1108.29m, Amount = 166.34m }],
        Total = 1274.63m,
        Payments = [new PaymentLine { Method = "Kort", Amount = 1274.63m, CardBrand = "Visa", TerminalReference = "A1B2-778899" }],
        ReturnCode = "R-KIOSK01-4711",
        Footer = ["Takk for handelen!", "Åpent 07–23 alle dager €"],
    };

    public static GrayImage Logo(int width = 200, int height = 60)
    {
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                pixels[(y * width) + x] = (byte)((x * 255 / width + y * 3) % 256);
            }
        }

        return new GrayImage(width, height, pixels);
    }
}
