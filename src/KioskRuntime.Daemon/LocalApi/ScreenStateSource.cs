using KioskRuntime.Control;

namespace KioskRuntime.Daemon.LocalApi;

/// <summary>
/// Builds the screen's state from the same <see cref="KioskStatus"/> snapshot that <c>kioskctl status</c> prints, so the screen, the
/// technician page and kioskctl can never disagree; adds the cart's VAT and the last payment and receipt step.
/// </summary>
internal sealed class ScreenStateSource(KioskStatus status, SalePipeline pipeline)
{
    /// <summary>Changes at every kioskd start: a screen that sees a new one knows kioskd restarted.</summary>
    public string BootId { get; } = Guid.NewGuid().ToString("N")[..12];

    public ScreenState Build() => Build(status.Snapshot());

    public ScreenState Build(StatusSnapshot s)
    {
        var banners = new List<Banner>();
        if (s.State is "out-of-service" or "starting" or "stopping")
        {
            banners.Add(new Banner(s.State, s.Reason));
        }

        if (s.Upstream.Url is not null && !s.Upstream.Online)
        {
            banners.Add(new Banner("offline", s.Upstream.LastError));
        }

        var staff = s.Cart.Mode.StartsWith("staff", StringComparison.Ordinal) ? s.Cart.Mode : null;
        if (staff is not null)
        {
            banners.Add(new Banner("staff", staff));
        }

        var door = s.Devices.FirstOrDefault(d => d.Kind == "door-lock") is { } lockDevice ? lockDevice.Detail ?? lockDevice.State : null;
        var items = s.Cart.Lines.Count;
        var vat = pipeline.CartVat.Select(v => new ScreenVat(v.Rate, v.Amount)).ToList();
        return new ScreenState(
            s.KioskId,
            BootId,
            s.State,
            s.State == "ready",
            banners,
            new ScreenCart(s.Cart.Mode, s.Cart.Lines, s.Cart.Total, vat, items),
            door,
            staff,
            pipeline.Screen.LastPayment,
            pipeline.Screen.LastReceipt);
    }
}
