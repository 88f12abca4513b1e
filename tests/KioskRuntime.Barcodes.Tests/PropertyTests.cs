using CsCheck;
using KioskRuntime.Barcodes;
using KioskRuntime.Barcodes.Gs1;
using KioskRuntime.Barcodes.VariableMeasure;

namespace KioskRuntime.Barcodes.Tests;

/// <summary>
/// Generated-input properties, <see cref="PropertySettings.Iterations"/> inputs each (100,000 by default;
/// KIOSK_PROPERTY_ITERATIONS=1000000 for a long run).
/// </summary>
public sealed class PropertyTests
{
    private static readonly long Iter = PropertySettings.Iterations;

    private static readonly BarcodeInterpreter Interpreter = new(
    [
        VariableMeasureTemplateTests.SwedishWeight3Decimals,
        VariableMeasureTemplateTests.PriceWithFiveDigitVerifier,
        VariableMeasureTemplateTests.PriceWithFourDigitVerifier,
    ]);

    [Fact]
    public void Interpreter_never_throws_and_offsets_point_into_the_data()
    {
        Gen.Select(Generators.Hostile, Generators.AimIds).Sample((data, aim) =>
        {
            BarcodeReading reading = Interpreter.Interpret(data, aim);
            switch (reading)
            {
                case InvalidCode invalid:
                    Assert.False(string.IsNullOrEmpty(invalid.Reason));
                    Assert.True(invalid.Offset is null || (invalid.Offset >= 0 && invalid.Offset <= invalid.Data.Length), $"offset {invalid.Offset} outside \"{invalid.Data}\"");
                    break;
                case OtherCode other:
                    Assert.Equal(data.TrimEnd('\r', '\n'), other.Data);
                    break;
                case ProductCode or VariableMeasureCode or Gs1Code:
                    break;
                default:
                    Assert.Fail($"unexpected reading {reading}");
                    break;
            }
        }, iter: Iter);
    }

    [Fact]
    public void Parsers_never_throw_and_what_they_accept_round_trips()
    {
        Generators.Hostile.Sample(text =>
        {
            if (Gs1ElementString.TryParse(text, out Gs1ElementString? raw, out BarcodeParseError? rawError))
            {
                Assert.Equal(raw.Elements, Gs1ElementString.Parse(raw.ToString()).Elements);
                Assert.Equal(raw.Elements, Gs1ElementString.ParseBracketed(raw.ToBracketedString()).Elements);
            }
            else
            {
                Assert.True(rawError.Offset is null || (rawError.Offset >= 0 && rawError.Offset <= text.Length), rawError.ToString());
            }

            if (Gs1ElementString.TryParseBracketed(text, out Gs1ElementString? bracketed, out _))
            {
                Assert.Equal(bracketed.Elements, Gs1ElementString.Parse(bracketed.ToString()).Elements);
            }

            if (Gtin.TryParse(text, out Gtin gtin, out string? error))
            {
                Assert.Equal(gtin.ToString()[^text.Length..], text);
            }
            else
            {
                Assert.NotNull(error);
            }

            _ = Upc.TryExpandUpcE(text, out _, out _);
            _ = AimIdentifier.TryParse(text, out _);
        }, iter: Iter);
    }

    [Fact]
    public void Valid_gtins_round_trip_and_any_single_digit_error_is_caught()
    {
        Gen.Select(Generators.ValidGtinText, Gen.Int[0, 13], Gen.Int[1, 9]).Sample((text, position, delta) =>
        {
            Gtin gtin = Gtin.Parse(text);
            string fourteen = gtin.ToString();
            Assert.Equal(text.PadLeft(14, '0'), fourteen);
            Assert.Equal(gtin, Gtin.Parse(fourteen));
            Assert.Equal(0, gtin.CompareTo(Gtin.Parse(fourteen)));

            int at = position % text.Length;
            char[] corrupted = text.ToCharArray();
            corrupted[at] = (char)('0' + ((corrupted[at] - '0' + delta) % 10));
            Assert.False(Gtin.TryParse(new string(corrupted), out _, out string? error));
            Assert.StartsWith("check digit", error, StringComparison.Ordinal);
        }, iter: Iter);
    }

    [Fact]
    public void Gs1_strings_round_trip_between_raw_and_bracketed_forms()
    {
        Generators.Gs1Elements.Sample(elements =>
        {
            string raw = Generators.Raw(elements);
            string bracketed = Generators.Bracketed(elements);
            Gs1ElementString fromRaw = Gs1ElementString.Parse(raw);
            Gs1ElementString fromBracketed = Gs1ElementString.ParseBracketed(bracketed);
            // SequenceEqual rather than xunit's collection Assert.Equal: same check, far cheaper per sample.
            Assert.True(elements.SequenceEqual(fromRaw.Elements.Select(e => (e.Ai, e.RawValue))), $"raw parse differs: {raw}");
            Assert.True(fromRaw.Elements.SequenceEqual(fromBracketed.Elements), $"bracketed parse differs: {bracketed}");
            Assert.Equal(raw, fromBracketed.ToString());
            Assert.Equal(bracketed, fromRaw.ToBracketedString());
        }, iter: Iter);
    }

    [Fact]
    public void Mutated_gs1_strings_never_throw_and_what_is_accepted_round_trips()
    {
        Gen.Select(Generators.Gs1Elements, Gen.Int[0, 200], Gen.Char["0123456789\u001D()\\A "], Gen.Int[0, 2]).Sample((elements, position, replacement, operation) =>
        {
            foreach (string valid in new[] { Generators.Raw(elements), Generators.Bracketed(elements) })
            {
                int at = position % (valid.Length + 1);
                string mutated = operation switch
                {
                    0 when at < valid.Length => valid.Remove(at, 1),
                    1 when at < valid.Length => valid.Remove(at, 1).Insert(at, replacement.ToString()),
                    _ => valid.Insert(at, replacement.ToString()),
                };

                if (Gs1ElementString.TryParse(mutated, out Gs1ElementString? raw, out BarcodeParseError? error))
                {
                    Assert.True(raw.Elements.SequenceEqual(Gs1ElementString.ParseBracketed(raw.ToBracketedString()).Elements), mutated);
                }
                else
                {
                    Assert.True(error.Offset is null || (error.Offset >= 0 && error.Offset <= mutated.Length), error.ToString());
                }

                if (Gs1ElementString.TryParseBracketed(mutated, out Gs1ElementString? bracketed, out _))
                {
                    Assert.True(bracketed.Elements.SequenceEqual(Gs1ElementString.Parse(bracketed.ToString()).Elements), mutated);
                }

                Assert.NotNull(Interpreter.Interpret(mutated, "]C1"));
            }
        }, iter: Iter);
    }

    [Fact]
    public void Verifier_digit_catches_any_single_digit_error()
    {
        Gen.Select(Generators.DigitString(4, 5), Gen.Int[0, 4], Gen.Int[1, 9]).Sample((value, position, delta) =>
        {
            int at = position % value.Length;
            char[] corrupted = value.ToCharArray();
            corrupted[at] = (char)('0' + ((corrupted[at] - '0' + delta) % 10));
            Assert.NotEqual(VerifierDigit.Compute(value), VerifierDigit.Compute(new string(corrupted)));
        }, iter: Iter);
    }

    [Fact]
    public void Variable_measure_codes_decode_to_their_value_and_a_stable_key()
    {
        VariableMeasureTemplate[] templates =
        [
            VariableMeasureTemplateTests.SwedishWeight3Decimals,
            VariableMeasureTemplateTests.PriceWithFiveDigitVerifier,
            VariableMeasureTemplateTests.PriceWithFourDigitVerifier,
        ];
        Gen.Select(Gen.Int[0, templates.Length - 1], Generators.DigitString(5, 5), Generators.DigitString(5, 5)).Sample((t, item, value) =>
        {
            VariableMeasureTemplate template = templates[t];
            string v = value[..template.ValueDigits];
            string verifier = template.HasVerifierDigit ? VerifierDigit.Compute(v).ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
            string zeros = new('0', template.ValueDigits + verifier.Length);
            string data = template.Prefix + item[..template.ItemDigits] + verifier + v;
            string keyData = template.Prefix + item[..template.ItemDigits] + zeros;

            var reading = Assert.IsType<VariableMeasureCode>(Interpreter.Interpret(data + GtinCheckDigit.Compute(data), "]E0"));
            decimal expected = decimal.Parse(v, System.Globalization.CultureInfo.InvariantCulture) / (decimal)Math.Pow(10, template.Decimals);
            Assert.Equal(expected, template.Unit == VariableMeasureUnit.Kilograms ? reading.WeightKg : reading.PriceKroner);
            Assert.Equal(Gtin.Parse(keyData + GtinCheckDigit.Compute(keyData)), reading.ItemKey);
        }, iter: Iter);
    }
}
