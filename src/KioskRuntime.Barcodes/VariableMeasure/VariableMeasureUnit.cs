using System.Text.Json.Serialization;

namespace KioskRuntime.Barcodes.VariableMeasure;

/// <summary>What the value field of an in-store variable measure code holds. Serialised by name (<c>"kilograms"</c> is accepted too).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<VariableMeasureUnit>))]
public enum VariableMeasureUnit
{
    /// <summary>The price of the item in kroner (NOK).</summary>
    Kroner = 1,

    /// <summary>The net weight of the item in kilograms.</summary>
    Kilograms = 2,
}
