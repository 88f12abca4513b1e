using KioskRuntime.Daemon.Tests.Support;
using KioskRuntime.Devices;
using KioskRuntime.Domain;

namespace KioskRuntime.Daemon.Tests;

/// <summary>
/// A flooding (or malicious) scanner against the real sale loop: while a payment holds the loop, its scans are dropped and counted, the
/// queue and the heap stay flat, and the sale completes; with the loop stuck otherwise, at most <see cref="SalePipeline.MaxQueuedScans"/>
/// scans wait.
/// </summary>
public sealed class ScanFloodTests
{
    private const int Flood = 200_000;

    [Fact]
    public async Task A_scan_flood_during_a_payment_is_dropped_memory_stays_flat_and_the_sale_completes()
    {
        using var hold = new ManualResetEventSlim(false);
        using var reached = new SemaphoreSlim(0);
        using var kiosk = new KioskFixture(terminalStep: (step, _) =>
        {
            if (step == "terminal-received")
            {
                reached.Release();
                hold.Wait(TimeSpan.FromSeconds(60)); // the customer is still at the terminal
            }
        });
        using var pipeline = kiosk.Pipeline();
        await pipeline.StartAsync(CancellationToken.None);
        try
        {
            Assert.True((await pipeline.ScanAsync(KioskFixture.Jam, null, CancellationToken.None)).Accepted);
            var checkout = pipeline.CheckoutAsync(CancellationToken.None);
            Assert.True(await reached.WaitAsync(TimeSpan.FromSeconds(30)), "the payment never reached the terminal");

            var before = GC.GetTotalMemory(forceFullCollection: true);
            for (var i = 0; i < Flood; i++)
            {
                await pipeline.OnScannedAsync(new ScannedCode(KioskFixture.Cheese, null, "scanner", kiosk.Time.GetUtcNow()), CancellationToken.None);
            }

            var grown = GC.GetTotalMemory(forceFullCollection: true) - before;
            Assert.Equal(Flood, pipeline.DroppedScans);
            Assert.Equal(0, pipeline.QueuedScans);
            Assert.Equal(0, pipeline.QueuedItems);
            Assert.True(grown < 2 * 1024 * 1024, $"the heap grew by {grown:N0} bytes during a flood of {Flood:N0} scans");

            hold.Set();
            var sale = await checkout.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(sale.Succeeded, sale.Message);
            var line = Assert.Single(Assert.Single(kiosk.Events(EventTypes.Sale)).PayloadJson.Split("\"gtin\"")[1..]);
            Assert.Contains(KioskFixture.Key(KioskFixture.Jam), line, StringComparison.Ordinal); // nothing of the flood was sold
        }
        finally
        {
            hold.Set();
            await pipeline.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task With_the_loop_held_at_most_the_bound_of_scans_waits_and_they_are_handled_after()
    {
        using var kiosk = new KioskFixture();
        using var pipeline = kiosk.Pipeline();
        await pipeline.StartAsync(CancellationToken.None);
        try
        {
            Assert.True(await pipeline.StallAsync(TimeSpan.FromMinutes(1), CancellationToken.None)); // the loop now waits on the manual clock
            for (var i = 0; i < 10_000; i++)
            {
                await pipeline.OnScannedAsync(new ScannedCode(KioskFixture.Jam, null, "scanner", kiosk.Time.GetUtcNow()), CancellationToken.None);
            }

            Assert.Equal(SalePipeline.MaxQueuedScans, pipeline.QueuedScans);
            Assert.Equal(10_000 - SalePipeline.MaxQueuedScans, pipeline.DroppedScans);

            kiosk.Time.Advance(TimeSpan.FromMinutes(1));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (pipeline.QueuedScans > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.Equal(0, pipeline.QueuedScans);
            var cart = await pipeline.ScanAsync("KIOSK-NOTHING", null, CancellationToken.None); // answered once the queued scans were handled
            var jam = Assert.Single(cart.Cart.Lines);
            Assert.Equal(KioskFixture.Key(KioskFixture.Jam), jam.Gtin);
            Assert.Equal("32", jam.Qty);
        }
        finally
        {
            await pipeline.StopAsync(CancellationToken.None);
        }
    }
}
