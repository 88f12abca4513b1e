namespace KioskRuntime.Printing.Receipts.Norway;

public static partial class NorwegianReceiptLayout
{
    internal static string FormatOrgNumber(string orgNumber)
    {
        var digits = orgNumber.Replace(" ", string.Empty, StringComparison.Ordinal);
        return $"{digits[..3]} {digits[3..6]} {digits[6..]}";
    }

    private static void Validate(ReceiptData r)
    {
        Require(!string.IsNullOrWhiteSpace(r.SellerName), nameof(r.SellerName), "is empty");
        var org = (r.OrgNumber ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal);
        Require(org.Length == 9 && org.All(char.IsAsciiDigit), nameof(r.OrgNumber), $"must be 9 digits, got '{r.OrgNumber}'");
        Require(!string.IsNullOrWhiteSpace(r.RegisterId), nameof(r.RegisterId), "is empty");
        Require(r.ReceiptNumber > 0, nameof(r.ReceiptNumber), $"must be positive, got {r.ReceiptNumber}");
        Require(Enum.IsDefined(r.Kind), nameof(r.Kind), $"unknown kind {(int)r.Kind}");
        Require(r.Lines is not null && r.Vat is not null && r.Payments is not null && r.Address is not null && r.Footer is not null,
            "Lines/Vat/Payments/Address/Footer", "lists must not be null");
        if (r.Kind is ReceiptKind.Return or ReceiptKind.CopyOfReturn)
        {
            Require(r.OriginalReceiptNumber is > 0, nameof(r.OriginalReceiptNumber), "a return must refer to the original sale");
        }

        for (var i = 0; i < r.Lines!.Count; i++)
        {
            var line = r.Lines[i];
            Require(line is not null, $"Lines[{i}]", "is null");
            Require(!string.IsNullOrWhiteSpace(line!.Name), $"Lines[{i}].Name", "is empty");
            Require(line.Unit is "stk" or "kg", $"Lines[{i}].Unit", $"must be 'stk' or 'kg', got '{line.Unit}'");
            Require(line.Quantity != 0m, $"Lines[{i}].Quantity", "is zero");
            Require(line.VatRate is 25m or 15m or 12m or 0m, $"Lines[{i}].VatRate", $"must be 25, 15, 12 or 0, got {line.VatRate}");
        }

        for (var i = 0; i < r.Payments!.Count; i++)
        {
            var p = r.Payments[i];
            Require(p is not null && !string.IsNullOrWhiteSpace(p.Method), $"Payments[{i}].Method", "is empty");
            // Not the terminal reference: PSP references are 16-digit numbers (Adyen's pspReference) and one in ten passes Luhn.
            // The payment contract keeps card data off the kiosk; the brand and method must never carry digits runs, though.
            Require(!LooksLikeCardNumber(p!.CardBrand) && !LooksLikeCardNumber(p.Method),
                $"Payments[{i}]", "contains what looks like a card number; a receipt shows the brand and the terminal reference only");
        }
    }

    private static void Require(bool condition, string field, string message)
    {
        if (!condition)
        {
            throw new ReceiptDataException(field, message);
        }
    }

    /// <summary>A run of 13–19 digits (spaces and dashes allowed) that passes the Luhn check.</summary>
    internal static bool LooksLikeCardNumber(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var digits = new List<int>();
        foreach (var c in text + "x")
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Add(c - '0');
            }
            else if (c is ' ' or '-' && digits.Count > 0)
            {
                continue;
            }
            else
            {
                if (digits.Count is >= 13 and <= 19 && Luhn(digits))
                {
                    return true;
                }

                digits.Clear();
            }
        }

        return false;
    }

    private static bool Luhn(List<int> digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Count; i++)
        {
            var d = digits[digits.Count - 1 - i];
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }
}
