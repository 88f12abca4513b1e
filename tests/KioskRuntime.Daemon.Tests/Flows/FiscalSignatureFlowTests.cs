using KioskRuntime.Daemon.Tests.Support;
using KioskRuntime.Domain;
using KioskRuntime.Journal.Fiscal;

namespace KioskRuntime.Daemon.Tests.Flows;

/// <summary>The checkout and return flows over a journal configured as kioskd configures it: every cash transaction signed.</summary>
public sealed class FiscalSignatureFlowTests
{
    [Fact]
    public async Task A_sale_and_its_return_are_committed_signed_and_chained_and_the_sale_record_keeps_the_signed_payload()
    {
        using var kiosk = new KioskFixture();
        await kiosk.Flows.Cart.ScanAsync(kiosk.Code(KioskFixture.Jam), CancellationToken.None);
        var sold = await kiosk.Flows.Cart.CheckoutAsync(CancellationToken.None);
        Assert.True(sold.Succeeded, sold.Message);
        await kiosk.Flows.Cart.ScanAsync(kiosk.Code(kiosk.ReturnCodeOf(sold.ReceiptNo!.Value)), CancellationToken.None);
        await kiosk.Flows.Cart.ScanAsync(kiosk.Code(KioskFixture.Jam), CancellationToken.None); // the goods scanned back
        await kiosk.PresentKariAsync(); // staff approval of the refund
        var returned = await kiosk.Flows.Cart.CheckoutAsync(CancellationToken.None);
        Assert.True(returned.Succeeded, returned.Message);

        var sale = kiosk.Events(EventTypes.Sale).Single();
        var ret = kiosk.Events(EventTypes.Return).Single();
        var saleTx = FiscalTransaction.Read(sale.Type, sale.PayloadJson);
        var returnTx = FiscalTransaction.Read(ret.Type, ret.PayloadJson);
        using var publicKey = FiscalSigningKey.ImportPublicKey(kiosk.SigningKey.PublicKeyPem);
        Assert.Equal(39.90m, saleTx.AmountInclVat);
        Assert.Equal(-39.90m, returnTx.AmountInclVat);
        Assert.True(FiscalSignature.Verify(publicKey, FiscalSignature.Build("0", sale.OccurredAt, saleTx.Nr, 39.90m, saleTx.AmountExclVat), saleTx.Signature!));
        Assert.True(FiscalSignature.Verify(publicKey, FiscalSignature.Build(saleTx.Signature!, ret.OccurredAt, returnTx.Nr, -39.90m, returnTx.AmountExclVat), returnTx.Signature!));
        Assert.Equal(1, returnTx.KeyVersion);
        var record = kiosk.Journal.GetState<SaleRecordDocument>(StateCollections.Sales, sold.ReceiptNo!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(sale.PayloadJson, record!.PayloadJson);
    }
}
