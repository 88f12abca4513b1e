using System.Globalization;

namespace KioskRuntime.Domain;

/// <summary>How a product is sold.</summary>
public enum SalesUnit
{
    /// <summary>Counted pieces (<c>"pcs"</c> in the contract, "stk" on receipts).</summary>
    Pieces,

    /// <summary>Weighed, in kilograms (<c>"kg"</c>).</summary>
    Kilograms,
}

/// <summary>Contract spellings of units and quantities.</summary>
public static class ContractFormat
{
    public static string UnitToContract(SalesUnit unit) => unit == SalesUnit.Kilograms ? "kg" : "pcs";

    public static bool TryParseUnit(string? text, out SalesUnit unit)
    {
        switch (text)
        {
            case "pcs": unit = SalesUnit.Pieces; return true;
            case "kg": unit = SalesUnit.Kilograms; return true;
            default: unit = default; return false;
        }
    }

    /// <summary>A quantity as the contract writes it: invariant, no trailing zeros (<c>"1"</c>, <c>"0.532"</c>, <c>"-2"</c>).</summary>
    public static string Quantity(decimal quantity) => quantity.ToString("0.###", CultureInfo.InvariantCulture);

    public static bool TryParseQuantity(string? text, out decimal quantity) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out quantity);

    /// <summary>RFC 3339 with milliseconds and offset.</summary>
    public static string Timestamp(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
}
