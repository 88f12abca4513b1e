namespace KioskRuntime.Reports.Saft;

/// <summary>The master data an auditfile names that the journal does not hold: the seller, the shop and its cash register.</summary>
internal sealed record SaftCompany(
    string OrgNumber,
    string Name,
    IReadOnlyList<string> Address,
    string LocationName,
    string RegisterId,
    string Currency,
    string SoftwareCompanyName);
