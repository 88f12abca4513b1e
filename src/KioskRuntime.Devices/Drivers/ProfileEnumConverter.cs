using System.Text.Json;
using System.Text.Json.Serialization;

namespace KioskRuntime.Devices.Drivers;

/// <summary>
/// Enums in profiles: written in kebab-case (<c>approve-then-disconnect</c>), read in any case with or without dashes
/// (<c>enterOrTab</c>, <c>enter-or-tab</c>, <c>EnterOrTab</c>: profiles written before the binder used both); never as numbers.
/// </summary>
internal sealed class ProfileEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<TEnum> : JsonConverter<TEnum>
        where TEnum : struct, Enum
    {
        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } text && !char.IsAsciiDigit(text[0]) && text[0] != '-'
                && Enum.TryParse<TEnum>(text.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var value) && Enum.IsDefined(value))
            {
                return value;
            }

            throw new JsonException($"not a {typeof(TEnum).Name}");
        }

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WriteStringValue(JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString()));
    }
}
