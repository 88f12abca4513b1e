using KioskRuntime.Daemon.Tests.Support;

namespace KioskRuntime.Daemon.Tests.Flows;

/// <summary>Where a scanner report becomes a cart line: the cart session over a real journal's catalog.</summary>
public sealed class CartSessionTests
{
    [Fact]
    public async Task A_known_product_becomes_a_cart_line_with_its_catalog_price()
    {
        using var kiosk = new KioskFixture();
        var outcome = await kiosk.Flows.Cart.ScanAsync(kiosk.Code(KioskFixture.Jam), CancellationToken.None);
        Assert.True(outcome.Accepted, outcome.Message);
        var line = Assert.Single(outcome.Cart.Lines);
        Assert.Equal(KioskFixture.Key(KioskFixture.Jam), line.Gtin);
        Assert.Equal("39.90", outcome.Cart.Total);
        Assert.Same(outcome.Cart, kiosk.Flows.Cart.View);
    }

    [Fact]
    public async Task An_unknown_product_is_refused_and_the_cart_stays_empty()
    {
        using var kiosk = new KioskFixture();
        var outcome = await kiosk.Flows.Cart.ScanAsync(kiosk.Code("7310865004703"), CancellationToken.None);
        Assert.False(outcome.Accepted);
        Assert.Contains("not in the local catalog", outcome.Message, StringComparison.Ordinal);
        Assert.Empty(outcome.Cart.Lines);
    }

    [Fact]
    public async Task A_repeated_read_within_the_duplicate_window_adds_nothing_and_after_it_adds_again()
    {
        using var kiosk = new KioskFixture(duplicateScanWindowMs: 1500);
        Assert.True((await kiosk.Flows.Cart.ScanAsync(kiosk.Code(KioskFixture.Jam), CancellationToken.None)).Accepted);
        kiosk.Time.Advance(TimeSpan.FromMilliseconds(1000));
        var duplicate = await kiosk.Flows.Cart.ScanAsync(kiosk.Code(KioskFixture.Jam), CancellationToken.None);
        Assert.False(duplicate.Accepted);
        Assert.Equal("duplicate scan ignored", duplicate.Message);
        Assert.Equal("39.90", duplicate.Cart.Total);

        kiosk.Time.Advance(TimeSpan.FromMilliseconds(500));
        var again = await kiosk.Flows.Cart.ScanAsync(kiosk.Code(KioskFixture.Jam), CancellationToken.None);
        Assert.True(again.Accepted, again.Message);
        Assert.Equal("79.80", again.Cart.Total);
    }

    [Fact]
    public async Task The_cancel_barcode_empties_the_cart()
    {
        using var kiosk = new KioskFixture();
        await kiosk.Flows.Cart.ScanAsync(kiosk.Code(KioskFixture.Jam), CancellationToken.None);
        var cancelled = await kiosk.Flows.Cart.ScanAsync(kiosk.Code("KIOSK-CANCEL"), CancellationToken.None);
        Assert.True(cancelled.Accepted);
        Assert.Equal("cart cleared", cancelled.Message);
        Assert.Empty(cancelled.Cart.Lines);
        Assert.False(kiosk.Flows.Cart.CustomerBusy);
    }

    [Fact]
    public async Task The_staff_barcode_does_not_start_staff_mode_a_card_does()
    {
        using var kiosk = new KioskFixture();
        var outcome = await kiosk.Flows.Cart.ScanAsync(kiosk.Code("KIOSK-STAFF"), CancellationToken.None);
        Assert.False(outcome.Accepted);
        Assert.StartsWith("staff mode: ", outcome.Message, StringComparison.Ordinal);
        Assert.Null(kiosk.Flows.Staff.Session);
    }
}
