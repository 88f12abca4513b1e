using System.Text.Json;
using System.Text.Json.Serialization;

namespace KioskRuntime.Barcodes;

/// <summary>
/// Reads a <see cref="Gtin"/> from a JSON string of 8, 12, 13 or 14 digits and writes it as 14 digits
/// (the upstream contract's catalog form, <c>"07038010001659"</c>).
/// </summary>
internal sealed class GtinJsonConverter : JsonConverter<Gtin>
{
    public override Gtin Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"a GTIN must be a JSON string of digits, got {reader.TokenType}");
        }

        string? text = reader.GetString();
        if (!Gtin.TryParse(text, out Gtin gtin, out string? error))
        {
            throw new JsonException($"invalid GTIN \"{text}\": {error}");
        }

        return gtin;
    }

    public override void Write(Utf8JsonWriter writer, Gtin value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
