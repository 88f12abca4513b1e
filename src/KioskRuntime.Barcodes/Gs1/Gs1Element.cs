namespace KioskRuntime.Barcodes.Gs1;

/// <summary>One element of a GS1 element string: the application identifier, its value as encoded, and the typed value.</summary>
/// <param name="Ai">The application identifier, e.g. <c>01</c> or <c>3103</c>.</param>
/// <param name="RawValue">The value exactly as encoded (without AI or separators), e.g. <c>001250</c>.</param>
/// <param name="Value">The typed value, e.g. a <see cref="Gs1MeasureValue"/> of 1.250.</param>
public sealed record Gs1Element(string Ai, string RawValue, Gs1Value Value)
{
    /// <summary>True when the AI has a predefined fixed length (no GS separator is needed after it).</summary>
    public bool IsFixedLength => Gs1ApplicationIdentifiers.TryFind(Ai, out Gs1AiDefinition? definition) && definition.IsFixedLength;
}
