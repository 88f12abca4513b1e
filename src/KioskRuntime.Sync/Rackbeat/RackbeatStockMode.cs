namespace KioskRuntime.Sync.Rackbeat;

/// <summary>
/// Where a Rackbeat account moves on-hand for a sale: at shipment confirmation (the default), or, with the account setting
/// "Inventory value associated with invoicing", when the invoice is booked (facts #2, #3). The kiosk runs the same sequence in
/// both (draft → book → shipment → shipped → invoice booked), so on-hand moves exactly once either way; the mode says which
/// step moves it (status, <c>kioskctl rackbeat check</c>) and must match the account.
/// </summary>
public enum RackbeatStockMode
{
    Shipment,
    Invoice,
}
