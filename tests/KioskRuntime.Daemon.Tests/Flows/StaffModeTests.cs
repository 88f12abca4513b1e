using KioskRuntime.Daemon.Tests.Support;
using KioskRuntime.Domain;

namespace KioskRuntime.Daemon.Tests.Flows;

/// <summary>Staff mode's idle timeout and goods receiving, on a manual clock and a real journal.</summary>
public sealed class StaffModeTests
{
    [Fact]
    public async Task Staff_mode_ends_after_the_idle_timeout_and_journals_why()
    {
        using var kiosk = new KioskFixture(staffModeSeconds: 60);
        kiosk.Flows.Staff.Start(kiosk.Profile.Staff[0]);

        kiosk.Time.Advance(TimeSpan.FromSeconds(59));
        await kiosk.Flows.Staff.EndIfIdleAsync(CancellationToken.None);
        Assert.NotNull(kiosk.Flows.Staff.Session);

        kiosk.Time.Advance(TimeSpan.FromSeconds(1));
        await kiosk.Flows.Staff.EndIfIdleAsync(CancellationToken.None);
        Assert.Null(kiosk.Flows.Staff.Session);
        var end = Assert.Single(kiosk.Events(EventTypes.StaffSession));
        Assert.Contains("\"timeout\"", end.PayloadJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scan_in_staff_mode_restarts_the_idle_timeout()
    {
        using var kiosk = new KioskFixture(staffModeSeconds: 60);
        kiosk.Flows.Staff.Start(kiosk.Profile.Staff[0]);
        kiosk.Time.Advance(TimeSpan.FromSeconds(50));
        var received = await kiosk.Flows.Cart.ScanAsync(kiosk.Code(KioskFixture.Jam), CancellationToken.None);
        Assert.True(received.Accepted, received.Message);

        kiosk.Time.Advance(TimeSpan.FromSeconds(50)); // 100 s after the start, 50 after the scan
        await kiosk.Flows.Staff.EndIfIdleAsync(CancellationToken.None);
        Assert.NotNull(kiosk.Flows.Staff.Session);
    }

    [Fact]
    public async Task Goods_received_in_staff_mode_are_booked_by_the_checkout_barcode_as_stock_adjustments()
    {
        using var kiosk = new KioskFixture();
        kiosk.Flows.Staff.Start(kiosk.Profile.Staff[0]);
        await kiosk.Flows.Cart.ScanAsync(kiosk.Code(KioskFixture.Jam), CancellationToken.None);
        var second = await kiosk.Flows.Cart.ScanAsync(kiosk.Code(KioskFixture.Jam), CancellationToken.None);
        Assert.Equal("staff: goods receiving by kari", second.Cart.Mode);
        Assert.Equal("2", Assert.Single(second.Cart.Lines).Qty);

        var booked = await kiosk.Flows.Cart.ScanAsync(kiosk.Code("KIOSK-CHECKOUT"), CancellationToken.None);

        Assert.True(booked.Accepted, booked.Message);
        var adjustment = Assert.Single(kiosk.Events(EventTypes.StockAdjustment));
        Assert.Contains("\"received\"", adjustment.PayloadJson, StringComparison.Ordinal);
        Assert.Equal(2m, kiosk.Journal.GetState<StockDocument>(StateCollections.Stock, KioskFixture.Key(KioskFixture.Jam))?.Quantity);
        Assert.Empty(kiosk.Events(EventTypes.Sale));
    }
}
