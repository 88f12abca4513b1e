using KioskRuntime.Contract;

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

    /// <summary>A quantity as the contract writes it (<c>"1"</c>, <c>"0.532"</c>, <c>"-2"</c>): <see cref="ContractDecimal.FormatQuantity"/>.</summary>
    public static string Quantity(decimal quantity) => ContractDecimal.FormatQuantity(quantity);
}
