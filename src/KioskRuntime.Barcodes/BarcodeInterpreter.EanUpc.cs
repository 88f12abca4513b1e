using KioskRuntime.Barcodes.VariableMeasure;

namespace KioskRuntime.Barcodes;

/// <summary>EAN/UPC symbols and in-store variable measure codes.</summary>
public sealed partial class BarcodeInterpreter
{
    private BarcodeReading InterpretEanUpc(string text, AimIdentifier aim)
    {
        switch (aim.Modifier)
        {
            case '0':
                return text.Length switch
                {
                    13 or 12 => InterpretGtin(text),
                    8 => Upc.TryExpandUpcE(text, out Gtin upcE, out BarcodeParseError? error)
                        ? new ProductCode(upcE)
                        : new InvalidCode(text, "UPC-E: " + error.Reason, error.Offset),
                    _ => new InvalidCode(text, $"{aim} data must be 13 (EAN-13), 12 (UPC-A) or 8 (UPC-E) digits, got {text.Length} characters", null),
                };
            case '4':
                return text.Length == 8
                    ? InterpretGtin(text)
                    : new InvalidCode(text, $"{aim} (EAN-8) data must be 8 digits, got {text.Length} characters", null);
            case '3':
                return InterpretWithAddOn(text, aim);
            default:
                return new OtherCode(text, Symbology.EanUpc); // ]E1/]E2: an add-on read on its own
        }
    }

    /// <summary>
    /// <c>]E3</c>: main symbol followed by a 2- or 5-digit add-on. The total length tells the parts apart:
    /// 15/18 = EAN-13 + 2/5, 14/17 = UPC-A + 2/5, 10/13 = UPC-E + 2/5.
    /// </summary>
    private BarcodeReading InterpretWithAddOn(string text, AimIdentifier aim)
    {
        int mainLength = text.Length switch
        {
            15 or 18 => 13,
            14 or 17 => 12,
            10 or 13 => 8,
            _ => 0,
        };
        if (mainLength == 0)
        {
            return new InvalidCode(text, $"{aim} data must be EAN-13, UPC-A or UPC-E followed by a 2- or 5-digit add-on, got {text.Length} characters", null);
        }

        for (int i = 0; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return new InvalidCode(text, $"'{CharDisplay.Printable(text[i])}' is not a digit", i);
            }
        }

        string addOn = text[mainLength..];
        if (mainLength == 8)
        {
            return Upc.TryExpandUpcE(text.AsSpan(0, 8), out Gtin upcE, out BarcodeParseError? upcError)
                ? new ProductCode(upcE, addOn)
                : new InvalidCode(text, "UPC-E: " + upcError.Reason, upcError.Offset);
        }

        return Gtin.TryParse(text.AsSpan(0, mainLength), out Gtin gtin, out BarcodeParseError? error)
            ? new ProductCode(gtin, addOn)
            : new InvalidCode(text, error.Reason, error.Offset);
    }

    private BarcodeReading InterpretGtin(string text)
    {
        if (!Gtin.TryParse(text.AsSpan(), out Gtin gtin, out BarcodeParseError? error))
        {
            return new InvalidCode(text, error.Reason, error.Offset);
        }

        if (text.Length == 13 && text[0] == '2')
        {
            foreach (VariableMeasureTemplate template in _templates)
            {
                if (text.StartsWith(template.Prefix, StringComparison.Ordinal))
                {
                    return DecodeVariableMeasure(text, template);
                }
            }
        }

        return new ProductCode(gtin);
    }

    /// <summary>Decodes a 13-digit code already known to be digits with a valid check digit.</summary>
    private static BarcodeReading DecodeVariableMeasure(string ean13, VariableMeasureTemplate template)
    {
        ReadOnlySpan<char> value = ean13.AsSpan(template.ValueOffset, template.ValueDigits);
        if (template.HasVerifierDigit)
        {
            int expected = VerifierDigit.ComputeUnchecked(value);
            int actual = ean13[template.VerifierOffset] - '0';
            if (actual != expected)
            {
                string kind = template.Unit == VariableMeasureUnit.Kilograms ? "weight" : "price";
                return new InvalidCode(ean13, $"{kind} verifier digit {actual}, expected {expected}", template.VerifierOffset);
            }
        }

        Span<char> key = stackalloc char[12];
        ean13.AsSpan(0, 12).CopyTo(key);
        key[template.ValueOffset..(template.ValueOffset + template.ValueDigits)].Fill('0');
        if (template.HasVerifierDigit)
        {
            key[template.VerifierOffset] = '0';
        }

        Gtin itemKey = Gtin.FromDataDigits(key);
        decimal amount = Scale(value, template.Decimals);
        return template.Unit == VariableMeasureUnit.Kilograms
            ? new VariableMeasureCode(itemKey, null, amount, template)
            : new VariableMeasureCode(itemKey, amount, null, template);
    }

    private static decimal Scale(ReadOnlySpan<char> digits, int decimals)
    {
        int units = 0;
        foreach (char c in digits)
        {
            units = (units * 10) + (c - '0');
        }

        return new decimal(units, 0, 0, false, (byte)decimals);
    }
}
