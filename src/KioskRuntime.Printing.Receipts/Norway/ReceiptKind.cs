namespace KioskRuntime.Printing.Receipts.Norway;

/// <summary>What kind of receipt is printed; decides the headline (kassasystemforskriften § 2-8-2 ff.).</summary>
public enum ReceiptKind
{
    Sale,
    Return,
    CopyOfSale,
    CopyOfReturn,
    Provisional,
    Training,
}
