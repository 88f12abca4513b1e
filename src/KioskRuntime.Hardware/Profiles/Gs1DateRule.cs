namespace KioskRuntime.Hardware.Profiles;

/// <summary>What a date in a GS1 code does to a sale (profile <c>gs1.dates</c>).</summary>
public enum Gs1DateRule
{
    /// <summary><c>"sell"</c>: the date is kept on the sale line, the item may be sold after it.</summary>
    Sell,

    /// <summary><c>"refuse-after"</c>: the item is refused once the date (Oslo calendar day) has passed; the refusal is journaled.</summary>
    RefuseAfter,
}
