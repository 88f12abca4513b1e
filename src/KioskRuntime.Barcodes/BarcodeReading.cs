using KioskRuntime.Barcodes.Gs1;
using KioskRuntime.Barcodes.VariableMeasure;

namespace KioskRuntime.Barcodes;

/// <summary>
/// What a scan means, as decided by <see cref="BarcodeInterpreter.Interpret"/>. The set is closed (the constructor is not
/// visible outside this assembly), so a <c>switch</c> over <see cref="ProductCode"/>, <see cref="VariableMeasureCode"/>,
/// <see cref="Gs1Code"/>, <see cref="OtherCode"/> and <see cref="InvalidCode"/> is complete.
/// </summary>
public abstract record BarcodeReading
{
    private protected BarcodeReading()
    {
    }
}

/// <summary>A trade item's GTIN (EAN-13, EAN-8, UPC-A, UPC-E expanded, ITF-14): look it up in the catalog.</summary>
/// <param name="Gtin">The GTIN, normalised to 14 digits.</param>
/// <param name="AddOn">The 2- or 5-digit add-on (periodicals, books) when the scanner sent one (<c>]E3</c>), otherwise null.</param>
public sealed record ProductCode(Gtin Gtin, string? AddOn = null) : BarcodeReading;

/// <summary>An in-store variable measure EAN-13 (prefix 20–29) decoded with a configured template.</summary>
/// <param name="ItemKey">
/// The catalog key: the scanned EAN-13 with its value digits (and verifier digit) set to zero and the check digit recomputed,
/// as a GTIN-14. One product therefore has one key whatever its price or weight; the back office registers the item under it.
/// </param>
/// <param name="PriceKroner">The encoded price when the template's unit is kroner.</param>
/// <param name="WeightKg">The encoded net weight when the template's unit is kilograms.</param>
/// <param name="Template">The template that matched.</param>
public sealed record VariableMeasureCode(Gtin ItemKey, decimal? PriceKroner, decimal? WeightKg, VariableMeasureTemplate Template) : BarcodeReading;

/// <summary>A GS1 element string (GS1-128, GS1 DataBar, GS1 DataMatrix, GS1 QR, or the bracketed form typed in).</summary>
public sealed record Gs1Code(Gs1ElementString ElementString) : BarcodeReading;

/// <summary>
/// Anything else that is well-formed for its symbology: a Code 128 receipt number, a control barcode, a non-GS1 QR code.
/// The kiosk decides what it means.
/// </summary>
/// <param name="Data">The data, trailing CR/LF removed.</param>
/// <param name="Symbology">From the AIM identifier, or <see cref="Symbology.Unknown"/> without one.</param>
internal sealed record OtherCode(string Data, Symbology Symbology) : BarcodeReading;

/// <summary>Data that claims to be a known kind but is not valid (bad check digit, unknown AI, wrong length).</summary>
/// <param name="Data">The data, trailing CR/LF removed.</param>
/// <param name="Reason">What is wrong, e.g. <c>check digit 3, expected 9</c>.</param>
/// <param name="Offset">Zero-based offset in <paramref name="Data"/> the reason refers to, if any; equal to its length when the data ended too early.</param>
public sealed record InvalidCode(string Data, string Reason, int? Offset) : BarcodeReading;
