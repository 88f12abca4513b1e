using System.Globalization;

namespace KioskRuntime.Reports.Saft;

/// <summary>
/// The code lists' entries the kiosk uses (Skatteetaten's PredefinedBasicID lists 11, 12 and 13) and how journal events map to them.
/// Every basic used in an export is declared in its company/basics with its predefined code.
/// </summary>
internal static class SaftCodes
{
    public const string Namespace = "urn:StandardAuditFile-Taxation-CashRegister:NO";

    /// <summary>(basicType, basicID, predefinedBasicID, description) declared in every export.</summary>
    public static readonly IReadOnlyList<(string Type, string Id, string? Predefined, string Description)> Basics =
    [
        ("05", "SAL", null, "Sale line"),
        ("05", "RET", null, "Return line"),
        ("11", "CASHSAL", "11001", "Cash sale (paid at once, card included)"),
        ("11", "RETURNSAL", "11006", "Return payment"),
        ("12", "CARD", "12002", "Payment card through the integrated terminal"),
        ("13", "POSSTART", "13001", "POS application start"),
        ("13", "POSEND", "13002", "POS application shut down"),
        ("13", "EMPIN", "13003", "Employee log in"),
        ("13", "EMPOUT", "13004", "Employee log out"),
        ("13", "XREP", "13008", "X report"),
        ("13", "ZREP", "13009", "Z report"),
        ("13", "SALREC", "13012", "Sales receipt printed"),
        ("13", "RETREC", "13013", "Return receipt"),
        ("13", "COPYREC", "13014", "Copy receipt"),
        ("13", "EXPORT", "13020", "Export of the journal"),
        ("13", "NOPRINT", "13030", "Concluded sale without receipt printed"),
        ("13", "OTHER", "13999", "Other event"),
    ];

    /// <summary>Norwegian standard VAT codes (SAF-T Financial) for output VAT at a rate; "6" outside the VAT act otherwise.</summary>
    public static string StandardVatCode(decimal rate) => rate switch
    {
        25m => "3",
        15m => "31",
        12m => "33",
        11.11m => "32",
        0m => "5",
        _ => "6",
    };

    public static string Rate(decimal rate) => rate.ToString("0.00", CultureInfo.InvariantCulture);
}
