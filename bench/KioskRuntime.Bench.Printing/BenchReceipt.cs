using KioskRuntime.Printing;
using KioskRuntime.Printing.EscPos.Imaging;
using KioskRuntime.Printing.Receipts.Norway;

internal static class BenchReceipt
{
    public static ReceiptData Create(int lines) => new()
    {
        SellerName = "Nærbutikken Blåbær AS",
        OrgNumber = "123456789",
        Address = ["Storgata 1", "0155 Oslo"],
        RegisterId = "KIOSK-01",
        ReceiptNumber = 4711,
        At = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero),
        Lines = [.. Enumerable.Range(1, lines).Select(i => new ReceiptLine
        {
            Name = i % 3 == 0 ? "Epler Pink Lady" : $"Blåbærsyltetøy {i}",
            Quantity = i % 3 == 0 ? 0.532m : 1,
            Unit = i % 3 == 0 ? "kg" : "stk",
            UnitPrice = 39.90m,
            LineTotal = i % 3 == 0 ? 21.23m : 39.90m,
            VatRate = 15,
        })],
        Vat = [new VatLine { Rate = 15, Base = 869.57m, Amount = 130.43m }],
        Total = 1000m,
        Payments = [new PaymentLine { Method = "Kort", Amount = 1000m, CardBrand = "Visa", TerminalReference = "A1B2-778899" }],
        ReturnCode = "R-KIOSK01-4711",
        Footer = ["Takk for handelen!"],
    };

    public static GrayImage Logo(int width, int height)
    {
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var dx = x - (width / 2.0);
                var dy = (y - (height / 2.0)) * 3;
                pixels[(y * width) + x] = (byte)Math.Clamp(Math.Sqrt((dx * dx) + (dy * dy)) * 255 / (width / 2.0), 0, 255);
            }
        }

        return new GrayImage(width, height, pixels);
    }
}
