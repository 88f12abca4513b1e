using System.ComponentModel.DataAnnotations;
using KioskRuntime.Devices.Drivers;
using KioskRuntime.Printing.EscPos;

namespace KioskRuntime.Printing.Drivers;

/// <summary>
/// What every printer driver's options say about the receipt: the printer model (its code tables decide how æøå print), the paper
/// width and the columns. The receipt composer reads these of whichever printer the profile names. Immutable.
/// </summary>
public record PrinterLayoutOptions : IDriverOptions
{
    /// <summary>A model the encoder knows (<c>epson-tm-t20iii</c>); <c>default</c> when absent.</summary>
    public string? Capabilities { get; init; }

    [Range(58, 112)]
    public int? PaperWidthMm { get; init; }

    [Range(24, 64)]
    public int? Columns { get; init; }

    /// <summary>The model's capabilities.</summary>
    public PrinterCapabilities Model => PrinterCapabilities.Get(Capabilities ?? "default");

    /// <summary>The layout options of any printer device (the options its driver does not share are ignored); the defaults when they do not bind.</summary>
    public static PrinterLayoutOptions Of(DeviceConfig printer)
    {
        ArgumentNullException.ThrowIfNull(printer);
        return DriverOptionsBinder.BindPart<PrinterLayoutOptions>(printer.Options) ?? new PrinterLayoutOptions();
    }

    public virtual IEnumerable<(string Path, string Message)> Validate()
    {
        if (Capabilities is { } name && !PrinterCapabilities.TryGet(name, out _))
        {
            yield return ("options.capabilities", $"unknown printer model '{name}'; known: {string.Join(", ", PrinterCapabilities.KnownNames)}");
        }
    }
}
