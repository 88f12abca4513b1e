using KioskRuntime.Daemon.LocalApi;
using KioskRuntime.Devices;
using KioskRuntime.Hardware.Profiles;
using KioskRuntime.Journal;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon.Flows;

/// <summary>The flows the sale loop hands its work to, wired once. Each owns its own state; only the loop calls them.</summary>
internal sealed record SaleFlows(
    CartSession Cart,
    AccessFlow Access,
    StaffMode Staff,
    ReceiptsFlow Receipts,
    StockAdjustments Stock,
    PaymentRecovery Recovery,
    CustomerFeedback Feedback,
    SaleReadiness Readiness,
    TamperAlarm Alarm)
{
    public static SaleFlows Create(
        KioskJournal journal,
        HardwareProfile profile,
        IReadOnlyList<IDevice> devices,
        ReceiptComposer composer,
        IUpstreamLink upstream,
        KioskState state,
        ProgressBeacon progress,
        TimeSpan paymentStatusWindow,
        IKioskFaults faults,
        TimeProvider time,
        ILoggerFactory loggers,
        ScreenEvents? screen = null)
    {
        screen ??= new ScreenEvents(time);
        var alarm = new TamperAlarm();
        var readiness = new SaleReadiness(journal, profile, devices, alarm);
        var feedback = new CustomerFeedback(devices, readiness, loggers.CreateLogger<CustomerFeedback>());
        var payments = new TerminalPayments(journal, upstream, progress, paymentStatusWindow, time, loggers.CreateLogger<TerminalPayments>(), screen);
        var receipts = new ReceiptsFlow(journal, devices, composer, upstream, faults, progress, time, loggers.CreateLogger<ReceiptsFlow>(), screen);
        var door = new DoorRelease(profile.Access, devices, loggers.CreateLogger<DoorRelease>());
        var checkout = new CheckoutFlow(journal, profile, devices, payments, receipts, door, feedback, readiness, state, upstream, faults, time, loggers.CreateLogger<CheckoutFlow>());
        var returns = new ReturnsFlow(journal, profile.KioskId, profile.Returns, devices, payments, receipts, feedback, readiness, upstream, faults, time, loggers.CreateLogger<ReturnsFlow>());
        var stock = new StockAdjustments(journal, upstream, time, loggers.CreateLogger<StockAdjustments>());
        var staff = new StaffMode(journal, profile, receipts, stock, feedback, upstream, time, loggers.CreateLogger<StaffMode>());
        var access = new AccessFlow(journal, profile, devices, alarm, staff, returns, feedback, upstream, time, loggers.CreateLogger<AccessFlow>());
        var cart = new CartSession(journal, profile, devices, staff, returns, checkout, feedback, time, loggers.CreateLogger<CartSession>());
        var recovery = new PaymentRecovery(journal, devices, payments, checkout, returns, progress, time, loggers.CreateLogger<PaymentRecovery>());
        return new SaleFlows(cart, access, staff, receipts, stock, recovery, feedback, readiness, alarm);
    }
}
