using System.Text.Json;
using KioskRuntime.Domain;

namespace KioskRuntime.Domain.Tests;

public sealed class SaleComposerTests
{
    [Fact]
    public void Sale_payload_has_the_contract_shape_with_money_as_strings()
    {
        var cart = new Cart();
        cart.AddPieces(MoneyAndVatTests.Product("07038010001659", "Blåbærsyltetøy 400 g", "49.90", 15), 2);
        var sale = SaleComposer.ComposeSale(cart, 7, "NOK", [new Payment("card", cart.Total, "SIM123", "Visa")], "K1");
        using var doc = JsonDocument.Parse(EventJson.Serialize(sale));
        var root = doc.RootElement;
        Assert.Equal(7, root.GetProperty("receiptNo").GetInt64());
        Assert.Equal("NOK", root.GetProperty("currency").GetString());
        Assert.Equal("99.80", root.GetProperty("total").GetString());
        var line = root.GetProperty("lines")[0];
        Assert.Equal("07038010001659", line.GetProperty("gtin").GetString());
        Assert.Equal("2", line.GetProperty("qty").GetString());
        Assert.Equal("49.90", line.GetProperty("unitPrice").GetString());
        Assert.Equal("15", line.GetProperty("vatRate").GetString());
        Assert.Equal("99.80", line.GetProperty("lineTotal").GetString());
        Assert.Equal("Blåbærsyltetøy 400 g", line.GetProperty("name").GetString());
        var vat = root.GetProperty("vat")[0];
        Assert.Equal("13.02", vat.GetProperty("amount").GetString());
        Assert.Equal("86.78", vat.GetProperty("base").GetString());
        Assert.Equal("SIM123", root.GetProperty("payments")[0].GetProperty("terminalRef").GetString());
    }

    [Fact]
    public void An_empty_cart_or_wrong_payment_total_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => SaleComposer.ComposeSale(new Cart(), 1, "NOK", [], null));
        var cart = new Cart();
        cart.AddPieces(MoneyAndVatTests.Product("07038010001659", "X", "10.00", 25));
        Assert.Throws<InvalidOperationException>(() => SaleComposer.ComposeSale(cart, 1, "NOK", [new Payment("card", Money.Of(9m), null, null)], null));
    }

    [Fact]
    public void Stock_deltas_subtract_sold_quantities_per_gtin()
    {
        var cart = new Cart();
        cart.AddPieces(MoneyAndVatTests.Product("07038010001659", "X", "10.00", 25), 3);
        var sale = SaleComposer.ComposeSale(cart, 1, "NOK", [new Payment("card", cart.Total, null, null)], null);
        Assert.Equal(-3m, SaleComposer.StockDeltas(sale)["07038010001659"]);
        Assert.Equal(3m, SaleComposer.StockDeltas(sale, +1)["07038010001659"]);
    }

    [Theory]
    [InlineData("KRT:demo-kiosk-1:42:0123456789abcdef01234567", "demo-kiosk-1", 42)]
    [InlineData("KRT:a:b:7:0123456789abcdef01234567", "a:b", 7)]
    public void Return_codes_round_trip(string code, string kiosk, long receipt)
    {
        Assert.True(ReturnCode.TryParse(code, out var k, out var r, out var token));
        Assert.Equal((kiosk, receipt, "0123456789abcdef01234567"), (k, r, token));
        Assert.Equal(code, ReturnCode.Format(kiosk, receipt, token));
    }

    [Theory]
    [InlineData("KRT:demo:0:0123456789abcdef01234567")]
    [InlineData("KRT:demo:-1:0123456789abcdef01234567")]
    [InlineData("KRT::5x")]
    [InlineData("KRT:demo-kiosk-1:42")] // the old, guessable form: no token
    [InlineData("KRT:demo-kiosk-1:42:0123456789abcdef0123456")] // one digit short
    [InlineData("KRT:demo-kiosk-1:42:0123456789ABCDEF01234567")] // tokens are lowercase hex
    [InlineData("7038010001659")]
    public void Malformed_return_codes_are_not_return_codes(string code) => Assert.False(ReturnCode.TryParse(code, out _, out _, out _));

    [Fact]
    public void Tokens_are_random_and_compared_whole()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => ReturnCode.NewToken()).ToHashSet();
        Assert.Equal(1000, tokens.Count);
        var token = tokens.First();
        Assert.True(ReturnCode.TokenMatches(token, token));
        Assert.False(ReturnCode.TokenMatches(token, token[..^1] + (token[^1] == '0' ? '1' : '0')));
        Assert.False(ReturnCode.TokenMatches(null, token));
    }
}
