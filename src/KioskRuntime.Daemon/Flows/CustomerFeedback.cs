using System.Globalization;
using KioskRuntime.Devices;
using Microsoft.Extensions.Logging;

namespace KioskRuntime.Daemon.Flows;

/// <summary>
/// What the customer sees and hears: the customer display, the buzzer, the scanner's own good-read / error signal. A display that fails
/// is logged and never fails the work in hand. No state of its own; used from the sale loop only.
/// </summary>
internal sealed class CustomerFeedback(IReadOnlyList<IDevice> devices, SaleReadiness readiness, ILogger<CustomerFeedback> logger)
{
    public static CultureInfo Norwegian { get; } = CultureInfo.GetCultureInfo("nb-NO");

    /// <summary>A display line is 20 characters.</summary>
    public static string Fit(string text) => text.Length <= 20 ? text : text[..20];

    public async ValueTask ShowAsync(string line1, string line2, CancellationToken ct)
    {
        foreach (var display in devices.OfType<ICustomerDisplay>())
        {
            try
            {
                await display.ShowAsync(line1, line2, ct).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                logger.LogWarning("Display {Display} failed: {Error}", display.Name, e.Message);
            }
        }
    }

    /// <summary>The idle screen: welcome, or why the kiosk is out of order.</summary>
    public ValueTask ShowIdleAsync(CancellationToken ct) =>
        readiness.WhyNotSelling() is { } why ? ShowAsync("Ute av drift", Fit(why), ct) : ShowAsync("Velkommen!", "Skann en vare", ct);

    public void Sound(BuzzerSignal signal)
    {
        foreach (var buzzer in devices.OfType<IBuzzer>())
        {
            buzzer.Sound(signal);
        }
    }

    /// <summary>The scanner that read the code beeps (good read) or signals an error.</summary>
    public async ValueTask SignalAsync(string source, ScanFeedback feedback, CancellationToken ct)
    {
        foreach (var scanner in devices.OfType<IBarcodeScanner>().Where(s => s.Name == source))
        {
            await scanner.SignalAsync(feedback, ct).ConfigureAwait(false);
        }
    }

    /// <summary>A scan that adds nothing: logged, signalled on its scanner, shown on the display. Returns the refusal.</summary>
    public async Task<FlowAnswer> RejectAsync(ScannedCode code, string reason, CancellationToken ct)
    {
        logger.LogWarning("Scan of '{Data}' from {Source} rejected: {Reason}", code.Data.Length <= 64 ? code.Data : code.Data[..64] + "…", code.Source, reason);
        await SignalAsync(code.Source, ScanFeedback.Error, ct).ConfigureAwait(false);
        await ShowAsync("Kan ikke legges til", Fit(reason), ct).ConfigureAwait(false);
        return new FlowAnswer(false, reason);
    }
}

/// <summary>What a flow answers to a scan or command: accepted or not, and why. The loop adds the published cart.</summary>
internal sealed record FlowAnswer(bool Ok, string Message);
