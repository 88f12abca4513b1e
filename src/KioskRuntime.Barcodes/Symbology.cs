namespace KioskRuntime.Barcodes;

/// <summary>
/// Symbology families as named by the AIM symbology identifier's code character (ISO/IEC 15424).
/// The identifier's modifier character refines them (see <see cref="AimIdentifier"/>).
/// </summary>
public enum Symbology
{
    /// <summary>No AIM identifier was given, or its code character is not one this library names.</summary>
    Unknown = 0,

    /// <summary><c>]A</c> Code 39.</summary>
    Code39,

    /// <summary><c>]B</c> Telepen.</summary>
    Telepen,

    /// <summary><c>]C</c> Code 128 (<c>]C1</c> = GS1-128).</summary>
    Code128,

    /// <summary><c>]E</c> EAN/UPC: <c>]E0</c> EAN-13, UPC-A, UPC-E; <c>]E1</c>/<c>]E2</c> 2-/5-digit add-on alone; <c>]E3</c> with add-on; <c>]E4</c> EAN-8.</summary>
    EanUpc,

    /// <summary><c>]F</c> Codabar.</summary>
    Codabar,

    /// <summary><c>]G</c> Code 93.</summary>
    Code93,

    /// <summary><c>]H</c> Code 11.</summary>
    Code11,

    /// <summary><c>]I</c> Interleaved 2 of 5 (ITF-14 carries a GTIN-14).</summary>
    Interleaved2Of5,

    /// <summary><c>]J</c> DotCode (<c>]J1</c> = GS1 DotCode).</summary>
    DotCode,

    /// <summary><c>]L</c> PDF417 and MicroPDF417.</summary>
    Pdf417,

    /// <summary><c>]M</c> MSI.</summary>
    Msi,

    /// <summary><c>]P</c> Plessey.</summary>
    Plessey,

    /// <summary><c>]Q</c> QR Code (<c>]Q3</c> = GS1 QR Code).</summary>
    QrCode,

    /// <summary><c>]U</c> MaxiCode.</summary>
    MaxiCode,

    /// <summary><c>]X</c> another symbology, not specified.</summary>
    Other,

    /// <summary><c>]Z</c> data not from a barcode (keyboard, magnetic stripe, RFID).</summary>
    NonBarcode,

    /// <summary><c>]d</c> Data Matrix (<c>]d2</c> = GS1 DataMatrix).</summary>
    DataMatrix,

    /// <summary><c>]e</c> GS1 DataBar (and GS1 Composite).</summary>
    DataBar,

    /// <summary><c>]z</c> Aztec Code.</summary>
    Aztec,
}
